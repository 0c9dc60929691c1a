using System.Runtime.InteropServices;
using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Pdf;

/// <summary>PDF documents: one page (<c>page=</c>, default 1) drawn by MuPDF at the size the output
/// needs (or at <c>dpi=</c>), then through the pixel pipeline on the background.</summary>
public sealed class PdfSource(MuPdf mupdf, IPixelPipeline pipeline, RenderLimits limits) : ISourceKind
{
    public static readonly SourceFormat Format = new("pdf", "PDF", "application/pdf", ".pdf");

    public string Name => "PDF";

    public IReadOnlyList<SourceFormat> Formats { get; } = [Format];

    public int SignatureLength => 5;

    public SourceFormat? Detect(ReadOnlySpan<byte> head) => head.StartsWith("%PDF-"u8) ? Format : null;

    public IReadOnlySet<string> Parameters { get; } = new HashSet<string> { "page", "dpi" };

    public string ParametersPurpose => "have pages to choose and render at a density";

    public Task<string?> CheckAvailableAsync(CancellationToken cancellationToken) => mupdf.CheckAvailableAsync(cancellationToken);

    public Task<Rendition> RenderAsync(SourceInput source, TransformPlan plan, FormatChoice choice, TimeSpan timeout, CancellationToken cancellationToken) =>
        WithPdfFileAsync(source.Bytes, async path =>
        {
            var page = await mupdf.DrawAsync(path, plan.Page ?? 1, PageSizing.For(plan, limits), timeout, cancellationToken);

            // crop= on a PDF is in points (1/72 inch), so it means the same part of the page at any size.
            var scale = page.Scale;
            var pagePlan = plan.Crop is { } crop
                ? plan with { Crop = new PixelRect((int)Math.Round(crop.X * scale), (int)Math.Round(crop.Y * scale), Math.Max(1, (int)Math.Round(crop.Width * scale)), Math.Max(1, (int)Math.Round(crop.Height * scale))) }
                : plan;
            return await Task.Run(() => Render(page.Pixels, pagePlan, choice), CancellationToken.None);
        }, cancellationToken);

    private Rendition Render(PamImage page, TransformPlan plan, FormatChoice choice)
    {
        var pinned = GCHandle.Alloc(page.File, GCHandleType.Pinned);
        try
        {
            var pixels = new DecodedPixels(pinned.AddrOfPinnedObject() + page.PixelsAt, page.PixelBytes, page.Width, page.Height, PamImage.Bands);
            return pipeline.RenderDecoded(pixels, plan, choice, flatten: true);
        }
        finally
        {
            pinned.Free();
        }
    }

    /// <summary>The page count, and the first page's size in points.</summary>
    public async Task<SourceDescription> DescribeAsync(SourceInput source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var page = await WithPdfFileAsync(source.Bytes, path => mupdf.DescribeAsync(path, timeout, cancellationToken), cancellationToken);
        return new SourceDescription { Type = Format.Name, Width = (int)Math.Round(page.WidthPoints), Height = (int)Math.Round(page.HeightPoints), Pages = page.PageCount };
    }

    /// <summary>The PDF program reads files: the source goes into a private temporary folder, removed after.</summary>
    private static async Task<T> WithPdfFileAsync<T>(ReadOnlyMemory<byte> source, Func<string, Task<T>> use, CancellationToken cancellationToken)
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
