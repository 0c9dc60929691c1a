using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Formats;

/// <summary>The raster image formats this server decodes.</summary>
public static class RasterFormats
{
    public static readonly SourceFormat Jpeg = new("jpeg", "JPEG", "image/jpeg", ".jpg", ".jpeg") { ShownAs = ImageFormat.Jpeg };
    public static readonly SourceFormat Png = new("png", "PNG", "image/png", ".png") { ShownAs = ImageFormat.Png };
    public static readonly SourceFormat Gif = new("gif", "GIF", "image/gif", ".gif") { ShownAs = ImageFormat.Gif };
    public static readonly SourceFormat WebP = new("webp", "WebP", "image/webp", ".webp") { ShownAs = ImageFormat.WebP };
    public static readonly SourceFormat Avif = new("avif", "AVIF", "image/avif", ".avif") { ShownAs = ImageFormat.Avif };
    public static readonly SourceFormat Heic = new("heic", "HEIC", "image/heic", ".heic");
    public static readonly SourceFormat Tiff = new("tiff", "TIFF", "image/tiff", ".tif", ".tiff");
    public static readonly SourceFormat Jp2 = new("jp2", "JPEG 2000", "image/jp2", ".jp2");
    public static readonly SourceFormat Jxl = new("jxl", "JPEG XL", "image/jxl", ".jxl");
    public static readonly SourceFormat Bmp = new("bmp", "BMP", "image/bmp", ".bmp");

    public static readonly IReadOnlyList<SourceFormat> All = [Jpeg, Png, Gif, WebP, Avif, Heic, Tiff, Jp2, Jxl, Bmp];

    /// <summary>The format whose signature the first bytes carry, or null. Everything not recognized here
    /// stays away from the decoders, which keeps ImageMagick's many other coders (SVG, PS, MVG, MSL,
    /// TEXT …) out of reach of whatever a client stores in a bucket.</summary>
    public static SourceFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return IsoBrand(head);
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return Tiff;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51]))
        {
            return Jp2;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, (byte)'J', (byte)'X', (byte)'L', 0x20]))
        {
            return Jxl;
        }

        return head.StartsWith("BM"u8) && head.Length >= 14 ? Bmp : null;
    }

    private static SourceFormat? IsoBrand(ReadOnlySpan<byte> head)
    {
        // Major brand at 8..12; compatible brands follow up to the box size.
        var boxSize = Math.Min(head.Length, (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]);
        for (var offset = 8; offset + 4 <= boxSize; offset += offset == 8 ? 8 : 4)
        {
            var brand = head.Slice(offset, 4);
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
            {
                return Avif;
            }

            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8))
            {
                return Heic;
            }
        }

        return null;
    }
}
