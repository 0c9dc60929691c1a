using System.Runtime.InteropServices;
using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
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
    private readonly Lazy<bool> _hardened;

    /// <summary>ImageMagick is loaded and locked down on first use, not before: most servers never
    /// meet these formats, and its native library would hold 10 MiB of their memory.</summary>
    public MagickDecoder(RenderLimits limits)
    {
        _limits = limits;
        _hardened = new Lazy<bool>(() =>
        {
            MagickHardening.Apply(limits);
            return true;
        });
    }

    /// <summary>The coder for each format the server hands ImageMagick; the hardening policy allows
    /// these and nothing else.</summary>
    public static readonly IReadOnlyDictionary<SourceFormat, MagickFormat> Coders = new Dictionary<SourceFormat, MagickFormat>
    {
        [RasterFormats.Jp2] = MagickFormat.Jp2,
        [RasterFormats.Jxl] = MagickFormat.Jxl,
        [RasterFormats.Bmp] = MagickFormat.Bmp,
    };

    /// <summary>Decodes the first frame, upright and in sRGB (or grey), and hands its pixels, where
    /// ImageMagick keeps them, to <paramref name="render"/>; they are released when it returns.</summary>
    public T Decode<T>(ReadOnlyMemory<byte> source, SourceFormat format, Func<DecodedPixels, T> render) =>
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
            image.Read(source.Span, new MagickReadSettings { Format = coder, FrameIndex = 0, FrameCount = 1 });
            if (corrupt.Count > 0)
            {
                // A decoder that reports damage only as a warning fills the rest with grey; a
                // thumbnail of half an image is worse than an error.
                throw new SourceRejectedException(SourceProblem.Corrupt, "The source is damaged (truncated or corrupt image data).", corrupt[0]);
            }

            var profile = Normalize(image);
            if (PlainPixels(image) is { } plain)
            {
                return render(plain with { IccProfile = profile });
            }

            // Another channel layout (a palette's index channel): an exported RGB(A) copy.
            var copy = image.GetPixels().ToByteArray(image.HasAlpha ? PixelMapping.RGBA : PixelMapping.RGB)!;
            var pinned = GCHandle.Alloc(copy, GCHandleType.Pinned);
            try
            {
                return render(new DecodedPixels(pinned.AddrOfPinnedObject(), copy.Length, (int)image.Width, (int)image.Height, image.HasAlpha ? 4 : 3) { IccProfile = profile });
            }
            finally
            {
                pinned.Free();
            }
        });

    /// <summary>The pixel cache itself when it holds 8-bit grey, grey and alpha, RGB or RGBA
    /// interleaved and nothing else (ImageMagick's Q8 build stores exactly those channels for most
    /// images), or null.</summary>
    private static DecodedPixels? PlainPixels(MagickImage image)
    {
        PixelChannel[] plain = (image.ColorSpace == ColorSpace.Gray, image.HasAlpha) switch
        {
            (true, false) => [PixelChannel.Gray],
            (true, true) => [PixelChannel.Gray, PixelChannel.Alpha],
            (false, false) => [PixelChannel.Red, PixelChannel.Green, PixelChannel.Blue],
            (false, true) => [PixelChannel.Red, PixelChannel.Green, PixelChannel.Blue, PixelChannel.Alpha],
        };
        if (!image.Channels.SequenceEqual(plain) || image.ChannelCount != plain.Length)
        {
            return null;
        }

        var (width, height) = ((int)image.Width, (int)image.Height);
        var pointer = image.GetPixelsUnsafe().GetAreaPointer(0, 0, (uint)width, (uint)height);
        return new DecodedPixels(pointer, (long)width * height * plain.Length, width, height, plain.Length);
    }

    /// <summary>Upright size from the headers alone.</summary>
    public (int Width, int Height, int Frames) Describe(ReadOnlyMemory<byte> source, SourceFormat format) =>
        Decoding(format, coder =>
        {
            using var image = new MagickImage();
            image.Ping(source.Span, new MagickReadSettings { Format = coder, FrameIndex = 0, FrameCount = 1 });
            _limits.RequireWithinPixels(image.Width, image.Height);
            var (width, height) = ((int)image.Width, (int)image.Height);
            var swapped = image.Orientation is Orientation.LeftTop or Orientation.RightTop or Orientation.RightBottom or Orientation.LeftBottom;
            return swapped ? (height, width, 1) : (width, height, 1);
        });

    /// <summary>Runs a decode with the format's named coder, turning ImageMagick's errors into the
    /// server's own words (the library's message stays the inner exception).</summary>
    private T Decoding<T>(SourceFormat format, Func<MagickFormat, T> decode)
    {
        if (!Coders.TryGetValue(format, out var coder))
        {
            throw new SourceRejectedException(SourceProblem.Unsupported, $"{format.Title} sources are not decoded by ImageMagick here.");
        }

        _ = _hardened.Value;
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
    private (int Width, int Height) ReadHeader(ReadOnlyMemory<byte> source, MagickFormat coder)
    {
        var bytes = SourceMemory.Segment(source);
        var info = MagickImageInfo.ReadCollection(bytes.Array!, (uint)bytes.Offset, (uint)bytes.Count, new MagickReadSettings { Format = coder }).FirstOrDefault()
            ?? throw new SourceRejectedException(SourceProblem.Corrupt, "The source contains no image.");
        _limits.RequireWithinPixels(info.Width, info.Height);
        return ((int)info.Width, (int)info.Height);
    }

    /// <summary>Upright and sRGB, whatever the camera or the prepress department wrote; except that an
    /// RGB image's embedded profile is returned, not applied: the pipeline converts from it after
    /// shrinking (<see cref="Pixels.VipsPipeline.RenderDecoded"/>), as it does for the images libvips
    /// decodes itself.</summary>
    private static byte[]? Normalize(MagickImage image)
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
        else if (image.GetColorProfile() is { } profile)
        {
            if (image.ColorSpace == ColorSpace.sRGB)
            {
                return profile.ToByteArray();
            }

            image.TransformColorSpace(ColorProfiles.SRGB);
        }

        return null;
    }
}
