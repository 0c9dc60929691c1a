using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>Crafted hostile sources, made in code so their construction can be read.</summary>
public static class HostileFiles
{
    /// <summary>A tiny PNG whose header declares 50000×50000 pixels (2.5 gigapixels).</summary>
    public static byte[] PngBomb() => Png(50_000, 50_000, Deflate(new byte[1024]), extraChunks: []);

    /// <summary>A valid 1×1 PNG carrying a zTXt chunk that inflates to 64 MiB.</summary>
    public static byte[] PngWithHugeZtxt()
    {
        var text = new MemoryStream();
        text.Write("Comment\0\0"u8);
        text.Write(Deflate(new byte[64 * 1024 * 1024]));
        return Png(1, 1, Deflate([0, 0, 0, 0]), [("zTXt", text.ToArray())]);
    }

    /// <summary>A PDF whose page tree contains itself.</summary>
    public static byte[] PdfWithCyclicPageTree() => PdfWriter.Write(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>");

    /// <summary>A PDF whose opening runs JavaScript that fetches <paramref name="url"/> (the renderer
    /// must ignore it and render the page).</summary>
    public static byte[] PdfWithJavaScript(string url = "http://127.0.0.1:9/x") => PdfWriter.Write(
        $"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.launchURL\\('{url}'\\); this.submitForm\\('{url}'\\);) >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>");

    /// <summary>MR_small.dcm with its Pixel Data length raised far beyond the file.</summary>
    public static byte[] DicomWithLyingPixelLength()
    {
        var bytes = Fixture.Bytes("dicom/MR_small.dcm");
        var at = bytes.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xE0, 0x7F, 0x10, 0x00]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), 0x7FFF_FFF0);
        return bytes;
    }

    /// <summary>MR_small with Modality (0008,0060) declaring 65535 bytes where 2 follow.</summary>
    public static byte[] DicomWithLyingElementLength()
    {
        var bytes = Fixture.Bytes("dicom/MR_small.dcm");
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(ModalityElement(bytes) + 6), 0xFFFF);
        return bytes;
    }

    /// <summary>MR_small with Modality's VR replaced by bytes no VR has: GDCM then took a 32-bit
    /// length from the value and allocated 3 GB on a file like this (found by the fuzz test).</summary>
    public static byte[] DicomWithNonStandardVr()
    {
        var bytes = Fixture.Bytes("dicom/MR_small.dcm");
        var at = ModalityElement(bytes);
        bytes[at + 4] = 0x03;
        bytes[at + 5] = 0xA0;
        return bytes;
    }

    /// <summary>JPEG2000.dcm with Rows and Columns of 40000: a 3.2 GB buffer if believed.</summary>
    public static byte[] DicomWithHugeDimensions()
    {
        var bytes = Fixture.Bytes("dicom/JPEG2000.dcm");
        foreach (byte element in new byte[] { 0x10, 0x11 })
        {
            var at = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x28, 0x00, element, 0x00, (byte)'U', (byte)'S']);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 8), 40000);
        }

        return bytes;
    }

    private static int ModalityElement(byte[] bytes)
    {
        var at = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S']);
        return at >= 0 ? at : throw new InvalidOperationException("MR_small.dcm has no explicit-VR Modality element.");
    }

    private static byte[] Png(int width, int height, byte[] idat, (string Type, byte[] Data)[] extraChunks)
    {
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        Chunk(png, "IHDR", header);
        foreach (var (type, data) in extraChunks)
        {
            Chunk(png, type, data);
        }

        Chunk(png, "IDAT", idat);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320).</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

}
