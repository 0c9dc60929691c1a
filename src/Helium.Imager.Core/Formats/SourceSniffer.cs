namespace Helium.Imager.Core.Formats;

/// <summary>Recognizes a source by its first bytes. Everything not on this list is
/// <see cref="SourceFormat.Unknown"/> (415), which keeps ImageMagick's many other coders (SVG, PS,
/// MVG, MSL, TEXT, …) out of reach of whatever a client stores in a bucket.</summary>
public static class SourceSniffer
{
    /// <summary>Enough for every signature here, including DICOM's "DICM" at offset 128.</summary>
    public const int HeaderLength = 136;

    public static SourceFormat Detect(ReadOnlySpan<byte> head)
    {
        // First: a DICOM preamble may legally hold another format's header (CT_small.dcm carries a
        // TIFF one), and such a file must be read as the DICOM it declares itself to be.
        if (head.Length >= 132 && head[128..132].SequenceEqual("DICM"u8))
        {
            return SourceFormat.Dicom;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return SourceFormat.Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return SourceFormat.Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return SourceFormat.Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return SourceFormat.WebP;
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return IsoBrand(head);
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return SourceFormat.Tiff;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51]))
        {
            return SourceFormat.Jp2;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, (byte)'J', (byte)'X', (byte)'L', 0x20]))
        {
            return SourceFormat.Jxl;
        }

        if (head.StartsWith("BM"u8) && head.Length >= 14)
        {
            return SourceFormat.Bmp;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return SourceFormat.Pdf;
        }

        return LooksLikeBareDicom(head) ? SourceFormat.Dicom : SourceFormat.Unknown;
    }

    private static SourceFormat IsoBrand(ReadOnlySpan<byte> head)
    {
        // Major brand at 8..12; compatible brands follow up to the box size.
        var boxSize = Math.Min(head.Length, (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]);
        for (var offset = 8; offset + 4 <= boxSize; offset += offset == 8 ? 8 : 4)
        {
            var brand = head.Slice(offset, 4);
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
            {
                return SourceFormat.Avif;
            }

            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8))
            {
                return SourceFormat.Heic;
            }
        }

        return SourceFormat.Unknown;
    }

    /// <summary>A DICOM data set without the 128-byte preamble: it begins with a group 0x0002 or 0x0008
    /// element (little endian), followed either by an explicit VR of two upper-case letters or by a
    /// plausible implicit-VR length.</summary>
    private static bool LooksLikeBareDicom(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8 || head[1] != 0x00 || (head[0] != 0x02 && head[0] != 0x08) || head[3] != 0x00)
        {
            return false;
        }

        var explicitVr = char.IsAsciiLetterUpper((char)head[4]) && char.IsAsciiLetterUpper((char)head[5]);
        var implicitLength = head[4] | (head[5] << 8) | (head[6] << 16) | (head[7] << 24);
        return explicitVr || implicitLength is > 0 and < 0x10000;
    }
}
