using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Helium.Imager.Core.Transforms;
using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>A decoded source: one frame, or an animation's frames stacked, and the upright size of a
/// frame at full resolution.</summary>
public readonly record struct LoadedSource(Image Image, int Pages, int Width, int Height);

/// <summary>
/// The named libvips loader for each format the sniffer found (never libvips's content-guessing entry
/// point), failing on truncated data. The bytes reach libvips as a stream over the caller's memory:
/// they may be a slice of a longer pooled buffer, which the buffer loaders (whole arrays only) cannot
/// take, and libvips then copies nothing (the buffer loaders copied the file once for the header and
/// again for the decode); an image keeps its stream open until it is disposed. The header is read
/// first (libvips reads no pixels for it) and checked against the pixel limit (a GIF's blocks are walked first: libvips reports no truncation in
/// them); then the decode, scaled where the plan allows (JPEG's 1/2, 1/4,
/// 1/8; WebP's scale), and with every frame where an animation stays one.
/// </summary>
public static class VipsLoaders
{
    private static readonly Dictionary<SourceFormat, Func<Stream, int, int, Image>> Loaders = new()
    {
        [RasterFormats.Jpeg] = (source, shrink, _) => Image.JpegloadStream(source, shrink: shrink, failOn: Enums.FailOn.Truncated),
        [RasterFormats.WebP] = (source, shrink, pages) => Image.WebploadStream(source, n: pages, scale: 1.0 / shrink, failOn: Enums.FailOn.Truncated),
        [RasterFormats.Png] = (source, _, _) => Image.PngloadStream(source, failOn: Enums.FailOn.Truncated),
        [RasterFormats.Gif] = (source, _, pages) => Image.GifloadStream(source, n: pages, failOn: Enums.FailOn.Truncated),
        [RasterFormats.Tiff] = (source, _, _) => Image.TiffloadStream(source, failOn: Enums.FailOn.Truncated),
        [RasterFormats.Avif] = (source, _, _) => Image.HeifloadStream(source, failOn: Enums.FailOn.Truncated),
        [RasterFormats.Heic] = (source, _, _) => Image.HeifloadStream(source, failOn: Enums.FailOn.Truncated),
    };

    private static Image LoadWith(SourceFormat format, ReadOnlyMemory<byte> source, int shrink, int pages) =>
        Loaders[format](SourceMemory.OpenRead(source), shrink, pages);

    public static bool CanLoad(SourceFormat format) => Loaders.ContainsKey(format);

    /// <summary>One JPEG tile of a larger image, by the JPEG loader, shrunk while decoding.</summary>
    public static Image JpegTile(byte[] tile, int shrink) => LoadWith(RasterFormats.Jpeg, tile, shrink, 0);

    /// <summary>The header only: stored size, frames, EXIF orientation.</summary>
    public static Image Header(ReadOnlyMemory<byte> source, SourceFormat format, RenderLimits limits)
    {
        if (format == RasterFormats.Gif)
        {
            GifBlocks.RequireComplete(source.Span);
        }

        var header = LoadWith(format, source, 1, 1);
        try
        {
            limits.RequireWithinPixels(header.Width, header.Height);
            return header;
        }
        catch
        {
            header.Dispose();
            throw;
        }
    }

    public static int PagesOf(Image header, SourceFormat format) =>
        (format == RasterFormats.Gif || format == RasterFormats.WebP) && header.Contains("n-pages") ? (int)header.Get("n-pages") : 1;

    /// <summary>True when EXIF orientation 5 to 8 turns the stored image by 90 degrees.</summary>
    public static bool IsTurned(Image header) => header.Contains("orientation") && (int)header.Get("orientation") is >= 5 and <= 8;

    public static LoadedSource Load(ReadOnlyMemory<byte> source, SourceFormat format, TransformPlan plan, FormatChoice choice, RenderLimits limits, ImageScope scope)
    {
        var header = scope.Keep(Header(source, format, limits));
        var (width, height) = (header.Width, header.Height);
        var pages = AnimatedPages(PagesOf(header, format), width, height, choice, limits);
        var turned = IsTurned(header);
        var shrink = format == RasterFormats.Jpeg || format == RasterFormats.WebP
            ? ShrinkOnLoad.Denominator(plan, width, height, turned, limits.MaxOutputDimension)
            : 1;
        var image = shrink > 1 || pages > 1 ? scope.Keep(LoadWith(format, source, shrink, pages)) : header;
        return turned ? new LoadedSource(image, pages, height, width) : new LoadedSource(image, pages, width, height);
    }

    /// <summary>Every frame when the output can hold an animation and all of them fit the limits
    /// (Limits:MaxAnimationFrames, and Limits:MaxSourcePixels counted over every frame decoded);
    /// otherwise the first frame alone, as a still.</summary>
    private static int AnimatedPages(int pages, int width, int height, FormatChoice choice, RenderLimits limits) =>
        pages > 1 && pages <= limits.MaxAnimationFrames && choice.Fixed is { } output && ImageFormats.SupportsAnimation(output)
            && (long)width * height * pages <= limits.MaxSourcePixels
            ? pages
            : 1;
}
