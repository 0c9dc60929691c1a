using System.Buffers.Binary;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Walks a DICOM file's elements before GDCM sees it and names the first structural lie: an element,
/// item or fragment declaring more bytes than the file holds, a non-standard VR, an undefined length
/// where none is allowed, a sequence without its delimiter, nesting beyond reason. GDCM trusts those
/// lengths: the fuzz test found 8 KB files on which it allocated 3 GB and spent 5 to 16 seconds before
/// rejecting them, and a Pixel Data length of 2 GB makes it read until killed. This walk reads nothing
/// but tags and lengths, costs microseconds, and agrees with dcmtk, which refuses the same files.
/// </summary>
public static partial class DicomStructure
{
    private const uint UndefinedLength = uint.MaxValue;
    private const int MaxDepth = 16;

    // PS3.5 7.1.2: these VRs have two reserved bytes and a 32-bit length in explicit VR.
    private static readonly string[] LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"];

    private static readonly string[] ShortVrs =
        ["AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"];

    private enum VrEncoding { ExplicitLittle, ImplicitLittle, ExplicitBig }

    /// <summary>Why this file's structure cannot be trusted, or null when every length fits.</summary>
    public static string? Problem(ReadOnlySpan<byte> file)
    {
        var hasPreamble = file.Length >= 132 && file[128..132].SequenceEqual("DICM"u8);
        var position = hasPreamble ? 132L : 0L;
        var encoding = GuessBareEncoding(file[(int)position..]);
        string? transferSyntax = null;
        if (file.Length - position >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(file[(int)position..]) == 0x0002)
        {
            // The file meta group is always explicit VR little endian and names the data set's encoding.
            var problem = WalkMetaGroup(file, ref position, out transferSyntax);
            if (problem is not null)
            {
                return problem;
            }

            encoding = transferSyntax switch
            {
                "1.2.840.10008.1.2" => VrEncoding.ImplicitLittle,
                "1.2.840.10008.1.2.2" => VrEncoding.ExplicitBig,
                _ => VrEncoding.ExplicitLittle,
            };
        }

        if (transferSyntax is DeflatedDicom.TransferSyntax)
        {
            return "The data set is deflated and was not inflated first (DeflatedDicom.Inflate): its elements cannot be checked.";
        }

        return WalkDataSet(file, ref position, file.Length, encoding, depth: 0, insideItem: false);
    }

    /// <summary>The Transfer Syntax UID the file meta group names, or null without a readable one.</summary>
    public static string? TransferSyntaxOf(ReadOnlySpan<byte> file)
    {
        var position = file.Length >= 132 && file[128..132].SequenceEqual("DICM"u8) ? 132L : 0L;
        return WalkMetaGroup(file, ref position, out var transferSyntax) is null ? transferSyntax : null;
    }

    /// <summary>Where the file meta group ends (the data set begins), or null without a readable one.</summary>
    public static long? DataSetStart(ReadOnlySpan<byte> file)
    {
        var position = file.Length >= 132 && file[128..132].SequenceEqual("DICM"u8) ? 132L : 0L;
        return WalkMetaGroup(file, ref position, out _) is null ? position : null;
    }

    private static VrEncoding GuessBareEncoding(ReadOnlySpan<byte> head) =>
        head.Length >= 6 && char.IsAsciiLetterUpper((char)head[4]) && char.IsAsciiLetterUpper((char)head[5])
            ? VrEncoding.ExplicitLittle
            : VrEncoding.ImplicitLittle;

    /// <summary>One element of the file meta group: its tag, where it starts, where its value starts and ends.</summary>
    public readonly record struct MetaElement(uint Tag, int Start, int ValueStart, int End);

    /// <summary>The file meta group's elements (explicit VR little endian, always), each length checked;
    /// empty without a readable group.</summary>
    public static IReadOnlyList<MetaElement> MetaElements(ReadOnlySpan<byte> file)
    {
        var position = file.Length >= 132 && file[128..132].SequenceEqual("DICM"u8) ? 132L : 0L;
        return ReadMetaGroup(file, ref position, out var elements) is null ? elements : [];
    }

    private static string? WalkMetaGroup(ReadOnlySpan<byte> file, ref long position, out string? transferSyntax)
    {
        var problem = ReadMetaGroup(file, ref position, out var elements);
        transferSyntax = null;
        foreach (var element in elements)
        {
            if (element.Tag == 0x0002_0010)
            {
                transferSyntax = System.Text.Encoding.ASCII.GetString(file[element.ValueStart..element.End]).TrimEnd('\0', ' ');
            }
        }

        return problem;
    }

    private static string? ReadMetaGroup(ReadOnlySpan<byte> file, ref long position, out List<MetaElement> elements)
    {
        elements = [];
        while (file.Length - position >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(file[(int)position..]) == 0x0002)
        {
            var start = position;
            if (ReadElement(file, ref position, file.Length, VrEncoding.ExplicitLittle, out var tag, out _, out var length) is { } problem)
            {
                return problem;
            }

            if (length == UndefinedLength || length > file.Length - position)
            {
                return TooLong(tag, length, file.Length - position);
            }

            elements.Add(new MetaElement(tag, (int)start, (int)position, (int)(position + length)));
            position += length;
        }

        return null;
    }

    /// <summary>Walks elements up to <paramref name="end"/>, or, inside an item of undefined length,
    /// up to its Item Delimitation (FFFE,E00D).</summary>
    private static string? WalkDataSet(ReadOnlySpan<byte> file, ref long position, long end, VrEncoding encoding, int depth, bool insideItem)
    {
        while (position < end)
        {
            if (end - position < 8)
            {
                // A few bytes of padding after the last element are harmless; inside an item they are not.
                return insideItem ? Truncated : null;
            }

            if (ReadElement(file, ref position, end, encoding, out var tag, out var vr, out var length) is { } problem)
            {
                return problem;
            }

            if (tag == 0xFFFE_E00D && insideItem)
            {
                return null;
            }

            if (length != UndefinedLength)
            {
                if (length > end - position)
                {
                    return TooLong(tag, length, end - position);
                }

                position += length;
                continue;
            }

            if (vr is not ("SQ" or "UN" or "OB" or "OW" or null))
            {
                return $"The DICOM file is malformed: element {Name(tag)} with VR {vr} has an undefined length.";
            }

            // An undefined-length UN holds implicit VR little endian (PS3.5 6.2.2).
            var inner = vr == "UN" ? VrEncoding.ImplicitLittle : encoding;
            if (WalkSequence(file, ref position, end, inner, depth + 1, fragments: tag == 0x7FE0_0010) is { } nested)
            {
                return nested;
            }
        }

        return insideItem ? Truncated : null;
    }

    /// <summary>Items until the Sequence Delimitation (FFFE,E0DD). Pixel data fragments must have
    /// defined lengths; sequence items may be of undefined length and are walked as data sets.</summary>
    private static string? WalkSequence(ReadOnlySpan<byte> file, ref long position, long end, VrEncoding encoding, int depth, bool fragments)
    {
        if (depth > MaxDepth)
        {
            return $"The DICOM file is malformed: sequences are nested more than {MaxDepth} deep.";
        }

        while (end - position >= 8)
        {
            var tag = ReadTag(file, position, encoding);
            var length = ReadUInt32(file, position + 4, encoding);
            position += 8;
            if (tag == 0xFFFE_E0DD)
            {
                return null;
            }

            if (tag != 0xFFFE_E000)
            {
                return $"The DICOM file is malformed: found {Name(tag)} where a sequence item was expected.";
            }

            if (length == UndefinedLength)
            {
                if (fragments)
                {
                    return "The DICOM file is malformed: a pixel data fragment has an undefined length.";
                }

                if (WalkDataSet(file, ref position, end, encoding, depth, insideItem: true) is { } problem)
                {
                    return problem;
                }

                continue;
            }

            if (length > end - position)
            {
                return TooLong(tag, length, end - position);
            }

            position += length;
        }

        return Truncated;
    }

    private static string? ReadElement(ReadOnlySpan<byte> file, ref long position, long end, VrEncoding encoding, out uint tag, out string? vr, out uint length)
    {
        tag = ReadTag(file, position, encoding);
        vr = null;
        if (encoding == VrEncoding.ImplicitLittle || tag >> 16 == 0xFFFE)
        {
            // Implicit VR, and item tags in any encoding: tag then a 32-bit length.
            length = ReadUInt32(file, position + 4, encoding);
            position += 8;
            return null;
        }

        vr = System.Text.Encoding.Latin1.GetString(file.Slice((int)position + 4, 2));
        if (Array.IndexOf(LongVrs, vr) >= 0)
        {
            if (end - position < 12)
            {
                length = 0;
                return Truncated;
            }

            length = ReadUInt32(file, position + 8, encoding);
            position += 12;
            return null;
        }

        if (Array.IndexOf(ShortVrs, vr) < 0)
        {
            length = 0;
            return $"The DICOM file is malformed: element {Name(tag)} has the non-standard VR \"{Printable(vr)}\".";
        }

        length = encoding == VrEncoding.ExplicitBig
            ? BinaryPrimitives.ReadUInt16BigEndian(file[(int)(position + 6)..])
            : BinaryPrimitives.ReadUInt16LittleEndian(file[(int)(position + 6)..]);
        position += 8;
        return null;
    }

    private static uint ReadTag(ReadOnlySpan<byte> file, long position, VrEncoding encoding)
    {
        var span = file[(int)position..];
        return encoding == VrEncoding.ExplicitBig
            ? (uint)BinaryPrimitives.ReadUInt16BigEndian(span) << 16 | BinaryPrimitives.ReadUInt16BigEndian(span[2..])
            : (uint)BinaryPrimitives.ReadUInt16LittleEndian(span) << 16 | BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> file, long position, VrEncoding encoding) =>
        encoding == VrEncoding.ExplicitBig
            ? BinaryPrimitives.ReadUInt32BigEndian(file[(int)position..])
            : BinaryPrimitives.ReadUInt32LittleEndian(file[(int)position..]);

    private const string Truncated = "The DICOM file is truncated: it ends inside an element or sequence.";

    private static string TooLong(uint tag, uint length, long remaining) =>
        $"The DICOM file is truncated or lies about its length: {Name(tag)} declares {length} bytes, {remaining} remain.";

    private static string Name(uint tag) => $"({tag >> 16:X4},{tag & 0xFFFF:X4})";

    private static string Printable(string vr) => string.Concat(vr.Select(c => char.IsAsciiLetterOrDigit(c) ? c.ToString() : $"\\x{(int)c:X2}"));
}
