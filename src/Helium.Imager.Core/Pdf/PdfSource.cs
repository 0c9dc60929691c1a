using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Pdf;

/// <summary>PDF documents: one page (<c>page=</c>, default 1) drawn by the PDF program at a density
/// chosen from the output size (or <c>dpi=</c>), then through the pixel pipeline on the background.</summary>
public sealed class PdfSource(PdfRasterizer rasterizer, IPixelPipeline pipeline, RenderLimits limits) : ISourceKind
{
    /// <summary>Density for a page when no output size is asked for.</summary>
    public const int DefaultDpi = 150;

    public static readonly SourceFormat Format = new("pdf", "PDF", "application/pdf", ".pdf");

    public string Name => "PDF";

    public IReadOnlyList<SourceFormat> Formats { get; } = [Format];

    public int SignatureLength => 5;

    public SourceFormat? Detect(ReadOnlySpan<byte> head) => head.StartsWith("%PDF-"u8) ? Format : null;

    public IReadOnlySet<string> Parameters { get; } = new HashSet<string> { "page", "dpi" };

    public string ParametersPurpose => "have pages to choose and render at a density";

    public Task<string?> CheckAvailableAsync(CancellationToken cancellationToken) => rasterizer.CheckAvailableAsync(cancellationToken);

    public Task<Rendition> RenderAsync(SourceInput source, TransformPlan plan, FormatChoice choice, TimeSpan timeout, CancellationToken cancellationToken) =>
        WithPdfFileAsync(source.Bytes, async path =>
        {
            var page = plan.Page ?? 1;
            var info = await rasterizer.ReadPageInfoAsync(path, page, timeout, cancellationToken);
            var dpi = ChooseDpi(info, plan, limits);
            var png = await rasterizer.RenderPageAsync(path, page, dpi, timeout, cancellationToken);

            // crop= on a PDF is in points (1/72 inch), so it means the same part of the page at any density.
            var scale = dpi / 72.0;
            var pagePlan = plan.Crop is { } crop
                ? plan with { Crop = new PixelRect((int)(crop.X * scale), (int)(crop.Y * scale), Math.Max(1, (int)(crop.Width * scale)), Math.Max(1, (int)(crop.Height * scale))) }
                : plan;
            return await Task.Run(() => pipeline.Render(png, RasterFormats.Png, pagePlan, choice, flatten: true), CancellationToken.None);
        }, cancellationToken);

    /// <summary>The page count, and the first page's size in points.</summary>
    public async Task<SourceDescription> DescribeAsync(SourceInput source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var page = await WithPdfFileAsync(source.Bytes, path => rasterizer.ReadPageInfoAsync(path, 1, timeout, cancellationToken), cancellationToken);
        return new SourceDescription { Type = Format.Name, Width = (int)Math.Round(page.WidthPoints), Height = (int)Math.Round(page.HeightPoints), Pages = page.PageCount };
    }

    /// <summary>
    /// Twice the output size on the page's shorter side (so the final resize has pixels to average, for
    /// every fit mode), or <see cref="DefaultDpi"/> without an output size, or the plan's dpi; never
    /// more than keeps the page within twice the output limit per side and within the source pixel limit.
    /// </summary>
    public static int ChooseDpi(PdfRasterizer.PageInfo page, TransformPlan plan, RenderLimits limits)
    {
        var shortSide = Math.Min(page.WidthPoints, page.HeightPoints);
        var longSide = Math.Max(page.WidthPoints, page.HeightPoints);
        var target = Math.Max(plan.Width ?? 0, plan.Height ?? 0);
        double dpi = plan.Dpi ?? (target > 0 ? Math.Ceiling(2.0 * target * 72 / shortSide) : DefaultDpi);

        var byLongSide = 2.0 * limits.MaxOutputDimension * 72 / longSide;
        var byArea = Math.Sqrt(limits.MaxSourcePixels / (page.WidthPoints * page.HeightPoints)) * 72;
        dpi = Math.Min(dpi, Math.Min(byLongSide, byArea));
        return (int)Math.Clamp(Math.Floor(dpi), 1, TransformParser.MaxDpi);
    }

    /// <summary>The PDF program reads files: the source goes into a private temporary folder, removed after.</summary>
    private static async Task<T> WithPdfFileAsync<T>(byte[] source, Func<string, Task<T>> use, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("helium-pdf-");
        try
        {
            var path = Path.Combine(folder.FullName, "source.pdf");
            await File.WriteAllBytesAsync(path, source, cancellationToken);
            return await use(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
