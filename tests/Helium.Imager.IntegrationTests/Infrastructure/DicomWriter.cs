using System.Text;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>Writes explicit-VR little-endian DICOM files for cases no fixture covers (the multi-frame
/// ones also straight to a file, for objects larger than an array).</summary>
public static class DicomWriter
{
    /// <summary>A 2×2 PALETTE COLOR image whose four pixels index a red, green, blue and white palette.</summary>
    public static byte[] PaletteColor2x2() => DicomFile("1.2.840.10008.5.1.4.1.1.7", "1.2.826.0.1.3680043.2.1125.1", body =>
    {
        Element(body, 0x0028, 0x0002, "US", U16(1));
        Element(body, 0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes("PALETTE COLOR "));
        Element(body, 0x0028, 0x0010, "US", U16(2));
        Element(body, 0x0028, 0x0011, "US", U16(2));
        Element(body, 0x0028, 0x0100, "US", U16(8));
        Element(body, 0x0028, 0x0101, "US", U16(8));
        Element(body, 0x0028, 0x0102, "US", U16(7));
        Element(body, 0x0028, 0x0103, "US", U16(0));
        foreach (ushort element in new ushort[] { 0x1101, 0x1102, 0x1103 })
        {
            Element(body, 0x0028, element, "US", U16(4, 0, 16)); // 4 entries, first index 0, 16 bits
        }

        Element(body, 0x0028, 0x1201, "OW", U16(0xFFFF, 0, 0, 0xFFFF));
        Element(body, 0x0028, 0x1202, "OW", U16(0, 0xFFFF, 0, 0xFFFF));
        Element(body, 0x0028, 0x1203, "OW", U16(0, 0, 0xFFFF, 0xFFFF));
        Element(body, 0x7FE0, 0x0010, "OB", [0, 1, 2, 3]);
    });

    /// <summary>A native MONOCHROME2 16-bit image of several frames, each a gradient shifted sideways:
    /// frame f (1-based) holds ((x + 13 f) mod width) * 10 + y at (x, y). Cine timing when given:
    /// Frame Time (ms), Frame Time Vector (ms since the previous frame), Recommended Display Frame Rate.</summary>
    /// <param name="bits">16, or 8 (each value's low byte).</param>
    /// <param name="privateBytes">A private element of this many bytes before the pixel data (a head
    /// larger than a first read).</param>
    public static byte[] MultiFrameGrey(int width, int height, int frames, double? frameTime = null, double[]? frameTimeVector = null, int? frameRate = null, int bits = 16, int privateBytes = 0) =>
        InMemory(file => MultiFrameGrey(file, width, height, frames, frameTime, frameTimeVector, frameRate, bits, privateBytes));

    /// <summary><see cref="MultiFrameGrey(int, int, int, double?, double[], int?, int, int)"/> written
    /// to <paramref name="target"/> a frame at a time, for objects too large for one array.</summary>
    public static void MultiFrameGrey(Stream target, int width, int height, int frames, double? frameTime = null, double[]? frameTimeVector = null, int? frameRate = null, int bits = 16, int privateBytes = 0) => DicomFile(target, "1.2.840.10008.5.1.4.1.1.7.3", "1.2.826.0.1.3680043.2.1125.2", body =>
    {
        Element(body, 0x0008, 0x0060, "CS", Encoding.ASCII.GetBytes("OT"));
        if (frameRate is { } rate)
        {
            Element(body, 0x0008, 0x2144, "IS", Text(rate.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (privateBytes > 0)
        {
            Element(body, 0x0009, 0x0010, "LO", Text("HELIUM TEST"));
            Element(body, 0x0009, 0x1010, "OB", new byte[privateBytes + (privateBytes % 2)]);
        }

        if (frameTime is { } time)
        {
            Element(body, 0x0018, 0x1063, "DS", Text(time.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (frameTimeVector is { } vector)
        {
            Element(body, 0x0018, 0x1065, "DS", Text(string.Join('\\', vector.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        }

        Element(body, 0x0028, 0x0002, "US", U16(1));
        Element(body, 0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes("MONOCHROME2 "));
        var count = frames.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Element(body, 0x0028, 0x0008, "IS", Text(count));
        Element(body, 0x0028, 0x0010, "US", U16(height));
        Element(body, 0x0028, 0x0011, "US", U16(width));
        Element(body, 0x0028, 0x0100, "US", U16(bits));
        Element(body, 0x0028, 0x0101, "US", U16(bits));
        Element(body, 0x0028, 0x0102, "US", U16(bits - 1));
        Element(body, 0x0028, 0x0103, "US", U16(0));
        var pixels = new byte[width * height * (bits / 8)];
        Header(body, 0x7FE0, 0x0010, "OW", checked((uint)((long)pixels.Length * frames)));
        for (var f = 1; f <= frames; f++)
        {
            var at = 0;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var value = (((x + (13 * f)) % width) * 10) + y;
                    pixels[at++] = (byte)value;
                    if (bits == 16)
                    {
                        pixels[at++] = (byte)(value >> 8);
                    }
                }
            }

            body.Write(pixels);
        }
    });

    /// <summary>A native RGB image (colour by pixel) of 8 or 16 bits a sample, several frames: red rises
    /// to the right, green downwards, and blue in diagonal bands that move with the frame, each over
    /// the whole range of the samples.</summary>
    /// <param name="wholeSlide">The whole plane when the frames are its tiles (VL Whole Slide
    /// Microscopy, TILED_FULL), row by row.</param>
    public static byte[] Rgb(int width, int height, int frames, int bits, (int Width, int Height)? wholeSlide = null) => DicomFile(wholeSlide is null ? "1.2.840.10008.5.1.4.1.1.7" : "1.2.840.10008.5.1.4.1.1.77.1.6", "1.2.826.0.1.3680043.2.1125.3", body =>
    {
        if (wholeSlide is not null)
        {
            Element(body, 0x0020, 0x9311, "CS", Encoding.ASCII.GetBytes("TILED_FULL"));
        }

        Element(body, 0x0028, 0x0002, "US", U16(3));
        Element(body, 0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes("RGB "));
        Element(body, 0x0028, 0x0006, "US", U16(0));
        if (frames > 1)
        {
            var count = frames.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Element(body, 0x0028, 0x0008, "IS", Text(count));
        }

        Element(body, 0x0028, 0x0010, "US", U16(height));
        Element(body, 0x0028, 0x0011, "US", U16(width));
        Element(body, 0x0028, 0x0100, "US", U16(bits));
        Element(body, 0x0028, 0x0101, "US", U16(bits));
        Element(body, 0x0028, 0x0102, "US", U16(bits - 1));
        Element(body, 0x0028, 0x0103, "US", U16(0));
        var max = (1 << bits) - 1;
        var samples = new List<int>(width * height * frames * 3);
        for (var f = 0; f < frames; f++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    samples.Add(x * max / Math.Max(1, width - 1));
                    samples.Add(y * max / Math.Max(1, height - 1));
                    samples.Add(((f * 37) + x + y) % 64 * max / 63);
                }
            }
        }

        if (wholeSlide is { } plane)
        {
            Element(body, 0x0048, 0x0006, "UL", BitConverter.GetBytes((uint)plane.Width));
            Element(body, 0x0048, 0x0007, "UL", BitConverter.GetBytes((uint)plane.Height));
        }

        Element(body, 0x7FE0, 0x0010, bits == 8 ? "OB" : "OW", bits == 8 ? samples.Select(v => (byte)v).ToArray() : U16([.. samples]));
    });

    /// <summary>A MONOCHROME2 image of 16 bits allocated whose frames are the given encoded codestreams,
    /// one fragment a frame after a Basic Offset Table (empty unless <paramref name="offsetTable"/>).</summary>
    /// <param name="extendedOffsetTable">An Extended Offset Table (7FE0,0001/0002), 64-bit, with the
    /// Basic Offset Table left empty as the standard asks.</param>
    /// <param name="fragmentsPerFrame">Each frame's codestream split over this many fragments.</param>
    public static byte[] EncapsulatedGrey(string transferSyntax, int width, int height, int bitsStored, IReadOnlyList<byte[]> frames, bool offsetTable = false, bool extendedOffsetTable = false, int fragmentsPerFrame = 1) =>
        InMemory(file => EncapsulatedGrey(file, transferSyntax, width, height, bitsStored, frames, offsetTable, extendedOffsetTable, fragmentsPerFrame));

    /// <summary>The same written to <paramref name="target"/>; samples of up to 8 bits are stored in
    /// 8 bits (as JPEG baseline requires), wider ones in 16.</summary>
    public static void EncapsulatedGrey(Stream target, string transferSyntax, int width, int height, int bitsStored, IReadOnlyList<byte[]> frames, bool offsetTable = false, bool extendedOffsetTable = false, int fragmentsPerFrame = 1) => DicomFile(target, "1.2.840.10008.5.1.4.1.1.1", "1.2.826.0.1.3680043.2.1125.4", body =>
    {
        Element(body, 0x0008, 0x0060, "CS", Encoding.ASCII.GetBytes("CR"));
        Element(body, 0x0028, 0x0002, "US", U16(1));
        Element(body, 0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes("MONOCHROME2 "));
        if (frames.Count > 1)
        {
            var count = frames.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Element(body, 0x0028, 0x0008, "IS", Text(count));
        }

        Element(body, 0x0028, 0x0010, "US", U16(height));
        Element(body, 0x0028, 0x0011, "US", U16(width));
        Element(body, 0x0028, 0x0100, "US", U16(bitsStored <= 8 ? 8 : 16));
        Element(body, 0x0028, 0x0101, "US", U16(bitsStored));
        Element(body, 0x0028, 0x0102, "US", U16(bitsStored - 1));
        Element(body, 0x0028, 0x0103, "US", U16(0));
        var split = frames.Select(frame => Fragments(frame.Length % 2 == 0 ? frame : [.. frame, 0], fragmentsPerFrame)).ToList();
        var offsets = new List<long>();
        var next = 0L;
        foreach (var fragments in split)
        {
            offsets.Add(next);
            next += fragments.Sum(fragment => 8L + fragment.Length);
        }

        if (extendedOffsetTable)
        {
            Element(body, 0x7FE0, 0x0001, "OV", [.. offsets.SelectMany(offset => BitConverter.GetBytes((ulong)offset))]);
            Element(body, 0x7FE0, 0x0002, "OV", [.. split.SelectMany(fragments => BitConverter.GetBytes((ulong)fragments.Sum(fragment => fragment.Length)))]);
        }

        body.Write(BitConverter.GetBytes((ushort)0x7FE0));
        body.Write(BitConverter.GetBytes((ushort)0x0010));
        body.Write("OB\0\0"u8);
        body.Write(BitConverter.GetBytes(uint.MaxValue));
        Item(body, offsetTable ? [.. offsets.SelectMany(offset => BitConverter.GetBytes((uint)offset))] : []);
        foreach (var fragment in split.SelectMany(fragments => fragments))
        {
            Item(body, fragment);
        }

        body.Write(BitConverter.GetBytes((ushort)0xFFFE));
        body.Write(BitConverter.GetBytes((ushort)0xE0DD));
        body.Write(BitConverter.GetBytes(0u));

        static void Item(Stream stream, byte[] value)
        {
            stream.Write(BitConverter.GetBytes((ushort)0xFFFE));
            stream.Write(BitConverter.GetBytes((ushort)0xE000));
            stream.Write(BitConverter.GetBytes((uint)value.Length));
            stream.Write(value);
        }

        // Even-length parts, the last taking the rest.
        static List<byte[]> Fragments(byte[] frame, int count)
        {
            var size = (((frame.Length / count) + 1) / 2) * 2;
            return [.. Enumerable.Range(0, count).Select(i => i == count - 1 ? frame[(i * size)..] : frame[(i * size)..((i + 1) * size)])];
        }
    }, transferSyntax);

    /// <summary>A native 12-bit CR of smooth waves whose Modality LUT Sequence maps stored values
    /// through a logarithmic curve onto 16 bits, with the window 32768/65536 over that range.</summary>
    public static byte[] RadiographWithModalityLut(int width, int height) => DicomFile("1.2.840.10008.5.1.4.1.1.1", "1.2.826.0.1.3680043.2.1125.5", body =>
    {
        Element(body, 0x0008, 0x0060, "CS", Encoding.ASCII.GetBytes("CR"));
        Element(body, 0x0028, 0x0002, "US", U16(1));
        Element(body, 0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes("MONOCHROME2 "));
        Element(body, 0x0028, 0x0010, "US", U16(height));
        Element(body, 0x0028, 0x0011, "US", U16(width));
        Element(body, 0x0028, 0x0100, "US", U16(16));
        Element(body, 0x0028, 0x0101, "US", U16(12));
        Element(body, 0x0028, 0x0102, "US", U16(11));
        Element(body, 0x0028, 0x0103, "US", U16(0));
        Element(body, 0x0028, 0x1050, "DS", Encoding.ASCII.GetBytes("32768 "));
        Element(body, 0x0028, 0x1051, "DS", Encoding.ASCII.GetBytes("65536 "));
        var lut = Enumerable.Range(0, 4096).Select(i => (int)(65535 * Math.Log(1 + (i / 64.0)) / Math.Log(1 + (4095 / 64.0)))).ToArray();
        var item = new MemoryStream();
        Element(item, 0x0028, 0x3002, "US", U16(4096, 0, 16));
        Element(item, 0x0028, 0x3006, "OW", U16(lut));
        var sequence = new MemoryStream();
        sequence.Write(BitConverter.GetBytes((ushort)0xFFFE));
        sequence.Write(BitConverter.GetBytes((ushort)0xE000));
        sequence.Write(BitConverter.GetBytes((uint)item.Length));
        item.WriteTo(sequence);
        Element(body, 0x0028, 0x3000, "SQ", sequence.ToArray());
        var samples = new int[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                samples[(y * width) + x] = (int)Math.Clamp(2048 + (1800 * Math.Sin(x / 83.0) * Math.Cos(y / 61.0)), 0, 4095);
            }
        }

        Element(body, 0x7FE0, 0x0010, "OW", U16(samples));
    });

    /// <summary>Preamble, file meta group (explicit VR little endian) and the SOP identifiers, then
    /// whatever <paramref name="writeBody"/> adds.</summary>
    private static byte[] DicomFile(string sopClass, string sopInstance, Action<Stream> writeBody, string transferSyntax = "1.2.840.10008.1.2.1") =>
        InMemory(file => DicomFile(file, sopClass, sopInstance, writeBody, transferSyntax));

    private static byte[] InMemory(Action<Stream> write)
    {
        using var file = new MemoryStream();
        write(file);
        return file.ToArray();
    }

    private static void DicomFile(Stream file, string sopClass, string sopInstance, Action<Stream> writeBody, string transferSyntax = "1.2.840.10008.1.2.1")
    {
        var meta = new MemoryStream();
        Element(meta, 0x0002, 0x0001, "OB", [0, 1]);
        Element(meta, 0x0002, 0x0002, "UI", Uid(sopClass));
        Element(meta, 0x0002, 0x0003, "UI", Uid(sopInstance));
        Element(meta, 0x0002, 0x0010, "UI", Uid(transferSyntax));

        file.Write(new byte[128]);
        file.Write("DICM"u8);
        Element(file, 0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)meta.Length));
        meta.WriteTo(file);
        Element(file, 0x0008, 0x0016, "UI", Uid(sopClass));
        Element(file, 0x0008, 0x0018, "UI", Uid(sopInstance));
        writeBody(file);
    }

    private static byte[] Text(string text) => Encoding.ASCII.GetBytes(text.Length % 2 == 0 ? text : text + " ");

    private static byte[] Uid(string uid) => Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");

    private static byte[] U16(params int[] values) => values.SelectMany(v => BitConverter.GetBytes((ushort)v)).ToArray();

    private static void Element(Stream stream, ushort group, ushort element, string vr, byte[] value)
    {
        Header(stream, group, element, vr, (uint)value.Length);
        stream.Write(value);
    }

    private static void Header(Stream stream, ushort group, ushort element, string vr, uint length)
    {
        stream.Write(BitConverter.GetBytes(group));
        stream.Write(BitConverter.GetBytes(element));
        stream.Write(Encoding.ASCII.GetBytes(vr));
        if (vr is "OB" or "OW" or "SQ" or "OV")
        {
            stream.Write([0, 0]);
            stream.Write(BitConverter.GetBytes(length));
        }
        else
        {
            stream.Write(BitConverter.GetBytes((ushort)length));
        }
    }
}
