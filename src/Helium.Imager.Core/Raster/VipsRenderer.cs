using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Geometry;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;
using NetVips;

namespace Helium.Imager.Core.Raster;

/// <summary>
/// Still images of the formats libvips reads here (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC), each
/// through its own named loader (never libvips's content-guessing entry point), with shrink-on-load
/// for JPEG and WebP. Order as the Magick.NET renderer's: header checked against the pixel limit →
/// decode (scaled where the plan allows) → EXIF orientation → sRGB → crop → rotate → resize → cover
/// crop / contain pad → flip → blur / sharpen → grayscale → alpha flattened on bg when the encoder has
/// none → encode without metadata. Truncated data fails the render (fail-on truncated).
/// </summary>
public sealed class VipsRenderer : IPixelPipeline
{
    private readonly RenderLimits _limits;

    public VipsRenderer(RenderLimits limits, int threads = 1)
    {
        VipsRuntime.Apply(threads);
        _limits = limits;
    }

    private static readonly HashSet<SourceFormat> Formats =
        [RasterFormats.Jpeg, RasterFormats.Png, RasterFormats.WebP, RasterFormats.Gif, RasterFormats.Tiff, RasterFormats.Avif, RasterFormats.Heic];

    public static bool CanDecode(SourceFormat format) => Formats.Contains(format);

    /// <summary>The rendition, or null for an animation the output format can hold (rendered
    /// elsewhere for now).</summary>
    public Rendition? RenderStill(byte[] source, SourceFormat format, TransformPlan plan, FormatChoice choice) =>
        Render(source, format, plan, choice, flatten: false, stillOnly: true);

    /// <summary>A rendered document page (PNG with transparency, laid on the plan's background first).</summary>
    Rendition IPixelPipeline.Render(byte[] source, SourceFormat format, TransformPlan plan, FormatChoice choice, bool flatten) =>
        Render(source, format, plan, choice, flatten, stillOnly: false)!;

    /// <summary>8-bit RGB pixels (a DICOM frame after its display pipeline).</summary>
    public Rendition RenderPixels(byte[] rgb, int width, int height, TransformPlan plan, FormatChoice choice) =>
        RenderDecoded(new DecodedPixels(rgb, width, height, 3), plan, choice);

    /// <summary>Pixels another decoder made (upright, sRGB, with or without alpha).</summary>
    public Rendition RenderDecoded(DecodedPixels decoded, TransformPlan plan, FormatChoice choice)
    {
        _limits.RequireWithinPixels(decoded.Width, decoded.Height);

        var made = new List<Image>();
        try
        {
            var image = Keep(made, Image.NewFromMemory(decoded.Pixels, decoded.Width, decoded.Height, decoded.Bands, Enums.BandFormat.Uchar));
            image = Keep(made, image.Copy(interpretation: Enums.Interpretation.Srgb));
            image = Transform(image, plan, (decoded.Width, decoded.Height), made);
            return Finish(image, plan, choice, made);
        }
        finally
        {
            foreach (var image in made)
            {
                image.Dispose();
            }
        }
    }

    /// <summary>Upright size and frame count from the header alone (libvips reads no pixels for it).</summary>
    public (int Width, int Height, int Frames) Describe(byte[] source, SourceFormat format)
    {
        try
        {
            using var header = Load(source, format, 1);
            var (width, height) = (header.Width, header.Height);
            _limits.RequireWithinPixels(width, height);

            var frames = header.Contains("n-pages") && (format == RasterFormats.Gif || format == RasterFormats.WebP) ? (int)header.Get("n-pages") : 1;
            var turned = header.Contains("orientation") && (int)header.Get("orientation") is >= 5 and <= 8;
            return turned ? (height, width, frames) : (width, height, frames);
        }
        catch (VipsException e)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, $"The {format.Title} source cannot be read.", e);
        }
    }

    private Rendition? Render(byte[] source, SourceFormat format, TransformPlan plan, FormatChoice choice, bool flatten, bool stillOnly)
    {
        var made = new List<Image>();
        try
        {
            var header = Keep(made, Load(source, format, 1));
            var frames = header.Contains("n-pages") ? (int)header.Get("n-pages") : 1;
            var (width, height) = (header.Width, header.Height);
            _limits.RequireWithinPixels(width, height);

            if (stillOnly && frames > 1 && frames <= _limits.MaxAnimationFrames && choice.Fixed is { } output && ImageFormats.SupportsAnimation(output))
            {
                return null;
            }

            var orientation = header.Contains("orientation") ? (int)header.Get("orientation") : 1;
            var turned = orientation is >= 5 and <= 8;
            var shrink = format == RasterFormats.Jpeg || format == RasterFormats.WebP
                ? ShrinkOnLoad.Denominator(plan, width, height, turned, _limits.MaxOutputDimension)
                : 1;
            var image = shrink > 1 ? Keep(made, Load(source, format, shrink)) : header;
            image = Keep(made, image.Autorot());
            image = Keep(made, ToSrgb(image, made));
            if (flatten && image.HasAlpha())
            {
                image = Keep(made, image.Flatten(background: Background(plan)));
            }

            var upright = turned ? (height, width) : (width, height);
            image = Transform(image, plan, upright, made);

            return Finish(image, plan, choice, made);
        }
        catch (VipsException e)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, $"The {format.Title} source cannot be decoded.", e);
        }
        finally
        {
            foreach (var image in made)
            {
                image.Dispose();
            }
        }
    }

    private static Image Load(byte[] source, SourceFormat format, int shrink)
    {
        var failOn = Enums.FailOn.Truncated;
        return format == RasterFormats.Jpeg ? Image.JpegloadBuffer(source, shrink: shrink, failOn: failOn)
            : format == RasterFormats.WebP ? Image.WebploadBuffer(source, scale: 1.0 / shrink, failOn: failOn)
            : format == RasterFormats.Png ? Image.PngloadBuffer(source, failOn: failOn)
            : format == RasterFormats.Gif ? Image.GifloadBuffer(source, failOn: failOn)
            : format == RasterFormats.Tiff ? Image.TiffloadBuffer(source, failOn: failOn)
            : Image.HeifloadBuffer(source, failOn: failOn);
    }

    /// <summary>8-bit sRGB (with its alpha), whatever the camera or the prepress department wrote: an
    /// embedded profile is honoured, CMYK without one is read as libvips's default CMYK profile.</summary>
    private static Image ToSrgb(Image image, List<Image> made)
    {
        if (image.Interpretation == Enums.Interpretation.Cmyk)
        {
            return image.IccTransform("srgb", intent: Enums.Intent.Perceptual, embedded: true, inputProfile: "cmyk");
        }

        if (image.Contains("icc-profile-data") && image.Interpretation is Enums.Interpretation.Srgb or Enums.Interpretation.Rgb16)
        {
            image = Keep(made, image.IccTransform("srgb", intent: Enums.Intent.Perceptual, embedded: true));
        }

        if (image.Interpretation != Enums.Interpretation.Srgb || image.Format != Enums.BandFormat.Uchar)
        {
            image = Keep(made, image.Colourspace(Enums.Interpretation.Srgb));
        }

        return image.Format == Enums.BandFormat.Uchar ? image.Copy() : image.Cast(Enums.BandFormat.Uchar);
    }

    private Image Transform(Image image, TransformPlan plan, (int Width, int Height) fullSize, List<Image> made)
    {
        if (plan.Crop is { } crop)
        {
            var right = Math.Min(crop.X + crop.Width, image.Width);
            var bottom = Math.Min(crop.Y + crop.Height, image.Height);
            if (crop.X >= image.Width || crop.Y >= image.Height || right <= crop.X || bottom <= crop.Y)
            {
                throw new SourceRejectedException(SourceProblem.CropOutside, $"crop: {crop} lies outside the {image.Width}x{image.Height} image.");
            }

            image = Keep(made, image.ExtractArea(crop.X, crop.Y, right - crop.X, bottom - crop.Y));
            fullSize = (image.Width, image.Height);
        }

        if (plan.Rotate != 0)
        {
            image = Keep(made, image.Rot(plan.Rotate switch { 90 => Enums.Angle.D90, 180 => Enums.Angle.D180, _ => Enums.Angle.D270 }));
            fullSize = plan.Rotate == 180 ? fullSize : (fullSize.Height, fullSize.Width);
        }

        var geometry = ResizeGeometry.Compute(fullSize.Width, fullSize.Height, plan, _limits.MaxOutputDimension);
        if (geometry.ResizeWidth != image.Width || geometry.ResizeHeight != image.Height)
        {
            image = Keep(made, Resize(image, geometry.ResizeWidth, geometry.ResizeHeight, made));
        }

        if (geometry.CropAfterResize is { } window)
        {
            image = Keep(made, plan.Gravity.Strategy switch
            {
                GravityStrategy.Attention => image.Smartcrop(window.Width, window.Height, interesting: Enums.Interesting.Attention),
                GravityStrategy.Entropy => image.Smartcrop(window.Width, window.Height, interesting: Enums.Interesting.Entropy),
                _ => image.ExtractArea(window.X, window.Y, window.Width, window.Height),
            });
        }
        else if (geometry.Pads)
        {
            var background = Background(plan);
            image = Keep(made, image.Embed(geometry.OffsetX, geometry.OffsetY, geometry.CanvasWidth, geometry.CanvasHeight,
                extend: Enums.Extend.Background, background: image.HasAlpha() ? [.. background, 255] : background));
        }

        if (plan.Flip.HasFlag(Flip.Horizontal))
        {
            image = Keep(made, image.Flip(Enums.Direction.Horizontal));
        }

        if (plan.Flip.HasFlag(Flip.Vertical))
        {
            image = Keep(made, image.Flip(Enums.Direction.Vertical));
        }

        if (plan.Blur is { } blur)
        {
            image = Keep(made, image.Gaussblur(blur));
        }

        if (plan.Sharpen is { } sharpen)
        {
            image = Keep(made, image.Sharpen(sigma: sharpen));
        }

        if (plan.Grayscale)
        {
            image = Keep(made, Keep(made, image.Colourspace(Enums.Interpretation.Bw)).Colourspace(Enums.Interpretation.Srgb));
        }

        return image;
    }

    /// <summary>The output format (JPEG or PNG by transparency, when not fixed), alpha flattened on the
    /// background where the format has none, and the encoding.</summary>
    private static Rendition Finish(Image image, TransformPlan plan, FormatChoice choice, List<Image> made)
    {
        var hasAlpha = image.HasAlpha() && Keep(made, image.ExtractBand(image.Bands - 1)).Min() < 255;
        var encoded = choice.Resolve(hasAlpha);
        if (image.HasAlpha() && !ImageFormats.SupportsAlpha(encoded))
        {
            image = Keep(made, image.Flatten(background: Background(plan)));
        }

        return new Rendition(Encode(image, encoded, plan), encoded, image.Width, image.Height);
    }

    /// <summary>Lanczos to exactly the size asked for (libvips rounds each side to the nearest pixel,
    /// which may be one off).</summary>
    private static Image Resize(Image image, int width, int height, List<Image> made)
    {
        var resized = Keep(made, image.Resize((double)width / image.Width, kernel: Enums.Kernel.Lanczos3, vscale: (double)height / image.Height));
        if (resized.Width == width && resized.Height == height)
        {
            return resized.Copy();
        }

        var cut = Keep(made, resized.ExtractArea(0, 0, Math.Min(width, resized.Width), Math.Min(height, resized.Height)));
        return cut.Embed(0, 0, width, height, extend: Enums.Extend.Copy);
    }

    private static byte[] Encode(Image image, ImageFormat format, TransformPlan plan)
    {
        var quality = plan.Quality ?? ImageFormats.DefaultQuality(format);
        var none = Enums.ForeignKeep.None;
        return format switch
        {
            ImageFormat.Jpeg => image.JpegsaveBuffer(q: quality, keep: none),
            ImageFormat.Png => image.PngsaveBuffer(keep: none),
            ImageFormat.WebP => image.WebpsaveBuffer(q: quality, keep: none),
            ImageFormat.Avif => image.HeifsaveBuffer(q: quality, compression: Enums.ForeignHeifCompression.Av1, keep: none),
            _ => image.GifsaveBuffer(keep: none),
        };
    }

    private static double[] Background(TransformPlan plan) =>
        [Convert.ToInt32(plan.Background[..2], 16), Convert.ToInt32(plan.Background[2..4], 16), Convert.ToInt32(plan.Background[4..], 16)];

    private static Image Keep(List<Image> made, Image image)
    {
        made.Add(image);
        return image;
    }
}
