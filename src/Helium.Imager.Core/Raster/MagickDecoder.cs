using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;
using ImageMagick;

namespace Helium.Imager.Core.Raster;

/// <summary>
/// Magick.NET for the formats libvips lacks here (JPEG 2000, JPEG XL, BMP): the first frame decoded
/// upright and in sRGB, handed to the pixel pipeline as pixels; and their descriptions from headers.
/// The decoder is always told the format the sniffer found, so ImageMagick never guesses a coder from
/// content.
/// </summary>
public sealed class MagickDecoder
{
    private readonly RenderLimits _limits;

    public MagickDecoder(RenderLimits limits)
    {
        MagickHardening.Apply(limits);
        _limits = limits;
    }

    /// <summary>The coder for each format the server hands ImageMagick; the hardening policy allows
    /// these and nothing else.</summary>
    public static readonly IReadOnlyDictionary<SourceFormat, MagickFormat> Coders = new Dictionary<SourceFormat, MagickFormat>
    {
        [RasterFormats.Jp2] = MagickFormat.Jp2,
        [RasterFormats.Jxl] = MagickFormat.Jxl,
        [RasterFormats.Bmp] = MagickFormat.Bmp,
    };

    public DecodedPixels Decode(byte[] source, SourceFormat format) =>
        Decoding(format, coder =>
        {
            ReadHeader(source, coder);
            using var image = new MagickImage();
            var corrupt = new List<MagickWarningException>();
            image.Warning += (_, e) =>
            {
                if (e.Exception is MagickCorruptImageWarningException damage)
                {
                    corrupt.Add(damage);
                }
            };
            image.Read(source, new MagickReadSettings { Format = coder, FrameIndex = 0, FrameCount = 1 });
            if (corrupt.Count > 0)
            {
                // A decoder that reports damage only as a warning fills the rest with grey; a
                // thumbnail of half an image is worse than an error.
                throw new SourceRejectedException(SourceProblem.Corrupt, "The source is damaged (truncated or corrupt image data).", corrupt[0]);
            }

            Normalize(image);
            var alpha = image.HasAlpha && !image.IsOpaque;
            var pixels = image.GetPixels().ToByteArray(alpha ? PixelMapping.RGBA : PixelMapping.RGB)!;
            return new DecodedPixels(pixels, (int)image.Width, (int)image.Height, alpha ? 4 : 3);
        });

    /// <summary>Upright size from the headers alone.</summary>
    public (int Width, int Height, int Frames) Describe(byte[] source, SourceFormat format) =>
        Decoding(format, coder =>
        {
            var (width, height) = ReadHeader(source, coder);
            using var image = new MagickImage();
            image.Ping(source, new MagickReadSettings { Format = coder, FrameIndex = 0, FrameCount = 1 });
            var swapped = image.Orientation is Orientation.LeftTop or Orientation.RightTop or Orientation.RightBottom or Orientation.LeftBottom;
            return swapped ? (height, width, 1) : (width, height, 1);
        });

    /// <summary>Runs a decode with the format's named coder, turning ImageMagick's errors into the
    /// server's own words (the library's message stays the inner exception).</summary>
    private static T Decoding<T>(SourceFormat format, Func<MagickFormat, T> decode)
    {
        if (!Coders.TryGetValue(format, out var coder))
        {
            throw new SourceRejectedException(SourceProblem.Unsupported, $"{format.Title} sources are not decoded by ImageMagick here.");
        }

        try
        {
            return decode(coder);
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

    /// <summary>Reads only headers, and checks the size against the pixel limit.</summary>
    private (int Width, int Height) ReadHeader(byte[] source, MagickFormat coder)
    {
        var info = MagickImageInfo.ReadCollection(source, new MagickReadSettings { Format = coder }).FirstOrDefault()
            ?? throw new SourceRejectedException(SourceProblem.Corrupt, "The source contains no image.");
        _limits.RequireWithinPixels(info.Width, info.Height);
        return ((int)info.Width, (int)info.Height);
    }

    /// <summary>Upright and sRGB, whatever the camera or the prepress department wrote.</summary>
    private static void Normalize(MagickImage image)
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
}
