using ImageMagick;
using Helium.Imager.Core.Dicom;
using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Pdf;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Rendering;

/// <summary>Renders any supported source: raster images directly, PDF pages through Ghostscript and
/// then the raster pipeline. Parameters that make no sense for the source's kind are refused.</summary>
public sealed class SourceRenderer(RasterRenderer raster, PdfRasterizer pdf, DicomReader dicom, RenderLimits limits)
{
    /// <summary>Density for a PDF page when no output size is asked for.</summary>
    public const int DefaultDpi = 150;

    public static bool CanRender(SourceFormat format) => format is SourceFormat.Pdf or SourceFormat.Dicom || RasterRenderer.CanDecode(format);

    public Task<Rendition> RenderAsync(byte[] source, SourceFormat format, TransformPlan plan, string? accept, TimeSpan timeout, CancellationToken cancellationToken) =>
        WithinResourcesAsync(() => RenderUncheckedAsync(source, format, plan, accept, timeout, cancellationToken));

    /// <summary>The source's type, size and frame or page count, and for DICOM its technical attributes.</summary>
    public Task<SourceDescription> DescribeAsync(byte[] source, SourceFormat format, TimeSpan timeout, CancellationToken cancellationToken) =>
        WithinResourcesAsync(() => DescribeUncheckedAsync(source, format, timeout, cancellationToken));

    private static async Task<T> WithinResourcesAsync<T>(Func<Task<T>> render)
    {
        try
        {
            return await render();
        }
        catch (MagickException e) when (e is MagickCacheErrorException or MagickResourceLimitErrorException)
        {
            throw new RenderResourcesExhaustedException("The renderer's memory or pixel budget is exhausted; try again shortly.", e);
        }
    }

    private async Task<Rendition> RenderUncheckedAsync(byte[] source, SourceFormat format, TransformPlan plan, string? accept, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (format != SourceFormat.Pdf && (plan.Page is not null || plan.Dpi is not null))
        {
            var name = plan.Page is not null ? "page" : "dpi";
            throw new SourceRejectedException(SourceProblem.ParameterNotApplicable, $"{name}: only PDF sources have pages to choose and render at a density; this source is {format}.");
        }

        if (format != SourceFormat.Dicom && (plan.Frame is not null || plan.Window is not null))
        {
            var name = plan.Frame is not null ? "frame" : "window";
            throw new SourceRejectedException(SourceProblem.ParameterNotApplicable, $"{name}: only DICOM sources have frames and VOI windows; this source is {format}.");
        }

        var choice = FormatChoice.For(plan.Format, format, accept);
        if (format == SourceFormat.Pdf)
        {
            return await RenderPdfPageAsync(source, plan, choice, timeout, cancellationToken);
        }

        if (format == SourceFormat.Dicom)
        {
            var image = await dicom.ReadAsync(source, plan.Frame ?? 1, timeout, cancellationToken);
            return await Task.Run(() => RenderDicomFrame(image, plan, choice), CancellationToken.None);
        }

        return await Task.Run(() => raster.Render(source, format, plan, choice), CancellationToken.None);
    }

    private Task<Rendition> RenderPdfPageAsync(byte[] source, TransformPlan plan, FormatChoice choice, TimeSpan timeout, CancellationToken cancellationToken) =>
        WithPdfFileAsync(source, async path =>
        {
            var page = plan.Page ?? 1;
            var info = await pdf.ReadPageInfoAsync(path, page, timeout, cancellationToken);
            var dpi = ChooseDpi(info, plan, limits);
            var png = await pdf.RenderPageAsync(path, page, dpi, timeout, cancellationToken);

            // crop= on a PDF is in points (1/72 inch), so it means the same part of the page at any density.
            var scale = dpi / 72.0;
            var pagePlan = plan.Crop is { } crop
                ? plan with { Crop = new PixelRect((int)(crop.X * scale), (int)(crop.Y * scale), Math.Max(1, (int)(crop.Width * scale)), Math.Max(1, (int)(crop.Height * scale))) }
                : plan;
            return await Task.Run(() => raster.Render(png, SourceFormat.Png, pagePlan, choice, flatten: true), CancellationToken.None);
        }, cancellationToken);

    /// <summary>Ghostscript reads files: the source goes into a private temporary folder, removed after.</summary>
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

    private async Task<SourceDescription> DescribeUncheckedAsync(byte[] source, SourceFormat format, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var type = format.ToString().ToLowerInvariant();
        switch (format)
        {
            case SourceFormat.Pdf:
            {
                var page = await WithPdfFileAsync(source, path => pdf.ReadPageInfoAsync(path, 1, timeout, cancellationToken), cancellationToken);
                return new SourceDescription { Type = type, Width = (int)Math.Round(page.WidthPoints), Height = (int)Math.Round(page.HeightPoints), Pages = page.PageCount };
            }

            case SourceFormat.Dicom:
            {
                var image = await dicom.ReadAsync(source, 1, timeout, cancellationToken);
                return new SourceDescription
                {
                    Type = type,
                    Width = image.Width,
                    Height = image.Height,
                    Frames = image.Frames,
                    Dicom = new DicomDescription(
                        image.TransferSyntax,
                        image.Photometric,
                        image.SamplesPerPixel,
                        image.BitsAllocated,
                        image.BitsStored,
                        image.IsSigned ? 1 : 0,
                        image.RescaleSlope,
                        image.RescaleIntercept,
                        image.Windows.Select(w => new WindowDescription(w.Center, w.Width, w.Function.ToString().ToLowerInvariant())).ToList(),
                        image.ModalityLut is not null,
                        image.VoiLut is not null),
                };
            }

            default:
            {
                var (width, height, frames) = raster.Describe(source, format);
                return new SourceDescription { Type = type, Width = width, Height = height, Frames = frames };
            }
        }
    }

    private Rendition RenderDicomFrame(DicomImage image, TransformPlan plan, FormatChoice choice)
    {
        var frame = plan.Frame ?? 1;
        if (frame > image.Frames)
        {
            throw new SourceRejectedException(SourceProblem.PageOutOfRange, $"frame: {frame} is beyond the last frame of this image ({image.Frames}).");
        }

        byte[] rgb;
        if (image.IsMonochrome)
        {
            var grey = DicomDisplay.Grayscale(image, frame, plan.Window);
            rgb = new byte[grey.Length * 3];
            for (var i = 0; i < grey.Length; i++)
            {
                rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = grey[i];
            }
        }
        else if (image.SamplesPerPixel == 3 && plan.Window is null)
        {
            rgb = DicomDisplay.Rgb(image, frame);
        }
        else if (image.SamplesPerPixel == 3)
        {
            throw new SourceRejectedException(SourceProblem.ParameterNotApplicable, $"window: applies to grey-scale images; this one is {image.Photometric}.");
        }
        else
        {
            throw new SourceRejectedException(SourceProblem.Unsupported, $"DICOM images with photometric interpretation {image.Photometric} are not rendered.");
        }

        return raster.RenderPixels(rgb, image.Width, image.Height, plan, choice);
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
}
