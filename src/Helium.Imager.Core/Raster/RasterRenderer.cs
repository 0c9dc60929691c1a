using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Geometry;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;
using ImageMagick;

namespace Helium.Imager.Core.Raster;

/// <summary>
/// Magick.NET for what libvips does not render here: animations kept as animations (GIF, WebP) and
/// the formats libvips lacks (JPEG 2000, JPEG XL, BMP); and source descriptions from headers. The
/// decoder is always told the format the sniffer found, so ImageMagick never guesses a coder from
/// content. Order as libvips's: decode → EXIF orientation → sRGB → crop → rotate → resize → cover
/// crop / contain pad → flip → blur / sharpen → grayscale → alpha flattened on bg when the encoder has
/// none → metadata stripped → encode.
/// </summary>
public sealed class RasterRenderer
{
    private readonly RenderLimits _limits;

    public RasterRenderer(RenderLimits limits)
    {
        MagickHardening.Apply(limits);
        _limits = limits;
    }

    /// <summary>What the server hands ImageMagick: animations, and the formats libvips lacks here.</summary>
    private static readonly Dictionary<SourceFormat, MagickFormat> Decoders = new()
    {
        [RasterFormats.Gif] = MagickFormat.Gif,
        [RasterFormats.WebP] = MagickFormat.WebP,
        [RasterFormats.Jp2] = MagickFormat.Jp2,
        [RasterFormats.Jxl] = MagickFormat.Jxl,
        [RasterFormats.Bmp] = MagickFormat.Bmp,
    };

    /// <summary>An animation, every frame transformed, in an output format that holds animation.</summary>
    public Rendition RenderAnimation(byte[] source, SourceFormat format, TransformPlan plan, FormatChoice choice) =>
        Decoding(format, decoder =>
        {
            ReadHeader(source, decoder);
            return RenderAnimation(source, decoder, plan, choice);
        });

    /// <summary>The first frame, upright and in sRGB, as pixels for the pixel pipeline: the formats
    /// libvips does not read here (JPEG 2000, JPEG XL, BMP).</summary>
    public DecodedPixels Decode(byte[] source, SourceFormat format) =>
        Decoding(format, decoder =>
        {
            ReadHeader(source, decoder);
            using var image = new MagickImage();
            ReadRejectingCorruption(image, source, new MagickReadSettings { Format = decoder, FrameIndex = 0, FrameCount = 1 });
            Normalize(image);
            var alpha = image.HasAlpha && !image.IsOpaque;
            var pixels = image.GetPixels().ToByteArray(alpha ? PixelMapping.RGBA : PixelMapping.RGB)!;
            return new DecodedPixels(pixels, (int)image.Width, (int)image.Height, alpha ? 4 : 3);
        });

    /// <summary>Runs a decode with the format's named coder, turning ImageMagick's errors into the
    /// server's own words (the library's message stays the inner exception).</summary>
    private static T Decoding<T>(SourceFormat format, Func<MagickFormat, T> decode)
    {
        if (!Decoders.TryGetValue(format, out var decoder))
        {
            throw new SourceRejectedException(SourceProblem.Unsupported, $"{format.Title} sources are not rendered by the raster pipeline.");
        }

        try
        {
            return decode(decoder);
        }
        catch (MagickResourceLimitErrorException e)
        {
            throw new SourceRejectedException(SourceProblem.TooManyPixels, $"The {format.Title} source needs more memory or pixels than allowed.", e);
        }
        catch (MagickException e)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, $"The {format.Title} source cannot be decoded.", e);
        }
    }

    /// <summary>Upright size and frame count from the headers alone.</summary>
    public (int Width, int Height, int Frames) Describe(byte[] source, SourceFormat format) =>
        Decoding(format, decoder =>
        {
            var header = ReadHeader(source, decoder);
            using var image = new MagickImage();
            image.Ping(source, new MagickReadSettings { Format = decoder, FrameIndex = 0, FrameCount = 1 });
            var swapped = image.Orientation is Orientation.LeftTop or Orientation.RightTop or Orientation.RightBottom or Orientation.LeftBottom;
            return swapped ? (header.Height, header.Width, header.Frames) : (header.Width, header.Height, header.Frames);
        });

    /// <summary>Reads only headers: size against the pixel limit, and how many frames there are.</summary>
    private Header ReadHeader(byte[] source, MagickFormat decoder)
    {
        var settings = new MagickReadSettings { Format = decoder };
        var info = MagickImageInfo.ReadCollection(source, settings).ToList();
        if (info.Count == 0)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "The source contains no image.");
        }

        _limits.RequireWithinPixels(info[0].Width, info[0].Height);
        return new Header((int)info[0].Width, (int)info[0].Height, decoder is MagickFormat.Gif or MagickFormat.WebP ? info.Count : 1);
    }

    private readonly record struct Header(int Width, int Height, int Frames);

    private Rendition RenderAnimation(byte[] source, MagickFormat decoder, TransformPlan plan, FormatChoice choice)
    {
        using var frames = new MagickImageCollection();
        ReadRejectingCorruption(frames, source, new MagickReadSettings { Format = decoder });
        frames.Coalesce();
        var format = choice.Fixed!.Value;
        foreach (var frame in frames)
        {
            Normalize(frame);
            Transform(frame, plan, ((int)frame.Width, (int)frame.Height));
            PrepareForEncoder(frame, format, plan);
        }

        return new Rendition(frames.ToByteArray(Encoders[format]), format, (int)frames[0].Width, (int)frames[0].Height);
    }

    /// <summary>libjpeg reports a truncated file only as a warning and fills the rest with grey; a
    /// thumbnail of half a scan is worse than an error, so corruption warnings reject the source.</summary>
    private static void ReadRejectingCorruption(MagickImage image, byte[] source, MagickReadSettings settings)
    {
        var corrupt = new List<MagickWarningException>();
        image.Warning += (_, e) => Collect(e, corrupt);
        image.Read(source, settings);
        ThrowIfCorrupt(corrupt);
    }

    private static void ReadRejectingCorruption(MagickImageCollection frames, byte[] source, MagickReadSettings settings)
    {
        var corrupt = new List<MagickWarningException>();
        frames.Warning += (_, e) => Collect(e, corrupt);
        frames.Read(source, settings);
        ThrowIfCorrupt(corrupt);
    }

    private static void Collect(WarningEventArgs warning, List<MagickWarningException> corrupt)
    {
        if (warning.Exception is MagickCorruptImageWarningException damage)
        {
            corrupt.Add(damage);
        }
    }

    private static void ThrowIfCorrupt(List<MagickWarningException> corrupt)
    {
        if (corrupt.Count > 0)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "The source is damaged (truncated or corrupt image data).", corrupt[0]);
        }
    }

    /// <summary>Upright and sRGB, whatever the camera or the prepress department wrote.</summary>
    private static void Normalize(IMagickImage<byte> image)
    {
        image.AutoOrient();
        if (image.ColorSpace == ColorSpace.CMYK)
        {
            if (image.GetColorProfile() is null)
            {
                image.TransformColorSpace(ColorProfiles.USWebCoatedSWOP, ColorProfiles.SRGB);
            }
            else
            {
                image.TransformColorSpace(ColorProfiles.SRGB);
            }

            image.ColorSpace = ColorSpace.sRGB;
        }
        else if (image.GetColorProfile() is not null)
        {
            image.TransformColorSpace(ColorProfiles.SRGB);
        }
    }

    /// <param name="fullSize">The upright image's size at full resolution (larger than the image itself
    /// when the JPEG decoder shrank it on load).</param>
    private void Transform(IMagickImage<byte> image, TransformPlan plan, (int Width, int Height) fullSize)
    {
        if (plan.Crop is { } crop)
        {
            var x = Math.Max(0, crop.X);
            var y = Math.Max(0, crop.Y);
            var right = Math.Min((long)image.Width, (long)crop.X + crop.Width);
            var bottom = Math.Min((long)image.Height, (long)crop.Y + crop.Height);
            if (right <= x || bottom <= y)
            {
                throw new SourceRejectedException(SourceProblem.CropOutside, $"crop: {crop} lies outside the {image.Width}x{image.Height} image.");
            }

            image.Crop(new MagickGeometry(x, y, (uint)(right - x), (uint)(bottom - y)));
            image.ResetPage();
            fullSize = ((int)image.Width, (int)image.Height); // No shrink-on-load with a crop.
        }

        if (plan.Rotate != 0)
        {
            image.Rotate(plan.Rotate);
            fullSize = plan.Rotate == 180 ? fullSize : (fullSize.Height, fullSize.Width);
        }

        var geometry = ResizeGeometry.Compute(fullSize.Width, fullSize.Height, plan, _limits.MaxOutputDimension);
        if (geometry.ResizeWidth != image.Width || geometry.ResizeHeight != image.Height)
        {
            image.Thumbnail(new MagickGeometry((uint)geometry.ResizeWidth, (uint)geometry.ResizeHeight) { IgnoreAspectRatio = true });
        }

        if (geometry.CropAfterResize is { } window)
        {
            image.Crop(new MagickGeometry(window.X, window.Y, (uint)window.Width, (uint)window.Height));
            image.ResetPage();
        }
        else if (geometry.Pads)
        {
            image.BackgroundColor = Background(plan);
            image.Extent(new MagickGeometry(-geometry.OffsetX, -geometry.OffsetY, (uint)geometry.CanvasWidth, (uint)geometry.CanvasHeight));
        }

        if (plan.Flip.HasFlag(Flip.Horizontal))
        {
            image.Flop();
        }

        if (plan.Flip.HasFlag(Flip.Vertical))
        {
            image.Flip();
        }

        if (plan.Blur is { } blur)
        {
            image.GaussianBlur(0, blur);
        }

        if (plan.Sharpen is { } sharpen)
        {
            image.Sharpen(0, sharpen);
        }

        if (plan.Grayscale)
        {
            image.Grayscale();
        }
    }

    private static void PrepareForEncoder(IMagickImage<byte> image, ImageFormat format, TransformPlan plan)
    {
        if (!ImageFormats.SupportsAlpha(format))
        {
            RemoveAlpha(image, plan);
        }

        image.Strip();
        if (format is ImageFormat.Jpeg or ImageFormat.WebP or ImageFormat.Avif)
        {
            image.Quality = (uint)(plan.Quality ?? ImageFormats.DefaultQuality(format));
        }
    }

    private static void RemoveAlpha(IMagickImage<byte> image, TransformPlan plan)
    {
        if (image.HasAlpha)
        {
            image.BackgroundColor = Background(plan);
            image.Alpha(AlphaAction.Remove);
            image.Alpha(AlphaAction.Off);
        }
    }

    private static MagickColor Background(TransformPlan plan) => new($"#{plan.Background}");

    /// <summary>Animations only: the formats that hold them.</summary>
    private static readonly Dictionary<ImageFormat, MagickFormat> Encoders = new()
    {
        [ImageFormat.WebP] = MagickFormat.WebP,
        [ImageFormat.Gif] = MagickFormat.Gif,
    };
}
