using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// A few top-level attributes of a DICOM file and where its encapsulated Pixel Data fragments lie,
/// read in the server's own process by the structure walker's element reader, which checks every
/// length it meets (a lying one gives null): enough to recognise a tiled whole-slide image and hand its
/// JPEG tiles to the pixel pipeline without GDCM, or to read an uncompressed grey frame
/// (<see cref="NativeGreyFrame"/>). Little-endian, not deflated; otherwise null.
/// </summary>
/// <param name="Items">For each wanted sequence (VR "SQ") present: the elements of its first item, as
/// stored (empty when it has no item).</param>
/// <param name="Places">Where each wanted attribute's value lies in the file (offset, length).</param>
/// <param name="PixelData">Where the value of a native (not encapsulated) Pixel Data element lies. Read
/// as a head (<see cref="DicomHead"/>), its length is the one declared, and -1 for encapsulated data.</param>
public sealed record DicomTopLevel(
    IReadOnlyDictionary<uint, string> Values,
    IReadOnlyList<(int Offset, int Length)> Fragments,
    string TransferSyntax,
    IReadOnlyDictionary<uint, IReadOnlyDictionary<uint, byte[]>> Items,
    (int Offset, long Length)? PixelData,
    IReadOnlyDictionary<uint, (int Offset, int Length)> Places)
{
    public const uint SopClassUid = 0x0008_0016;
    public const uint DimensionOrganizationType = 0x0020_9311;
    public const uint SamplesPerPixel = 0x0028_0002;
    public const uint Photometric = 0x0028_0004;
    public const uint NumberOfFrames = 0x0028_0008;
    public const uint Rows = 0x0028_0010;
    public const uint Columns = 0x0028_0011;
    public const uint TotalPixelMatrixColumns = 0x0048_0006;
    public const uint TotalPixelMatrixRows = 0x0048_0007;

    /// <summary>The attributes read: strings as stored, trimmed; US values as decimal text; UL as well.</summary>
    private static readonly Dictionary<uint, string> Wanted = new()
    {
        [SopClassUid] = "UI",
        [DimensionOrganizationType] = "CS",
        [SamplesPerPixel] = "US",
        [Photometric] = "CS",
        [NumberOfFrames] = "IS",
        [Rows] = "US",
        [Columns] = "US",
        [TotalPixelMatrixColumns] = "UL",
        [TotalPixelMatrixRows] = "UL",
    };

    public string Text(uint tag) => Values.TryGetValue(tag, out var value) ? value : "";

    public int Number(uint tag) => int.TryParse(Text(tag), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public static DicomTopLevel? Read(ReadOnlySpan<byte> file) => DicomStructure.ReadTopLevel(file, Wanted);

    /// <param name="wanted">Tags and the VR to read them as (the stored VR where the file states one
    /// that differs only in sign: SS for US).</param>
    public static DicomTopLevel? Read(ReadOnlySpan<byte> file, IReadOnlyDictionary<uint, string> wanted) => DicomStructure.ReadTopLevel(file, wanted);

    /// <summary>The same from a prefix of the object, up to the Pixel Data element's header.</summary>
    internal static DicomTopLevel? ReadHead(ReadOnlySpan<byte> prefix, IReadOnlyDictionary<uint, string> wanted) => DicomStructure.ReadTopLevel(prefix, wanted, headOnly: true);

    internal static string Decode(ReadOnlySpan<byte> value, string vr) => vr switch
    {
        "US" when value.Length >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(value).ToString(CultureInfo.InvariantCulture),
        "SS" when value.Length >= 2 => BinaryPrimitives.ReadInt16LittleEndian(value).ToString(CultureInfo.InvariantCulture),
        "UL" when value.Length >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(value).ToString(CultureInfo.InvariantCulture),
        _ => Encoding.ASCII.GetString(value).Trim('\0', ' '),
    };
}

public static partial class DicomStructure
{
    /// <param name="headOnly">The file is a prefix of the object: stop at the Pixel Data element's
    /// header and report where its value would lie, without requiring it (<see cref="DicomHead"/>).</param>
    internal static DicomTopLevel? ReadTopLevel(ReadOnlySpan<byte> file, IReadOnlyDictionary<uint, string> wanted, bool headOnly = false)
    {
        var position = file.Length >= 132 && file[128..132].SequenceEqual("DICM"u8) ? 132L : 0L;
        if (WalkMetaGroup(file, ref position, out var transferSyntax) is not null || transferSyntax is null or "1.2.840.10008.1.2.1.99" or "1.2.840.10008.1.2.2")
        {
            return null;
        }

        var encoding = transferSyntax == "1.2.840.10008.1.2" ? VrEncoding.ImplicitLittle : VrEncoding.ExplicitLittle;
        var values = new Dictionary<uint, string>();
        var fragments = new List<(int, int)>();
        var items = new Dictionary<uint, IReadOnlyDictionary<uint, byte[]>>();
        var places = new Dictionary<uint, (int, int)>();
        (int, long)? pixelData = null;
        while (file.Length - position >= 8)
        {
            if (ReadElement(file, ref position, file.Length, encoding, out var tag, out var vr, out var length) is not null)
            {
                return null;
            }

            if (headOnly && tag == 0x7FE0_0010)
            {
                return new DicomTopLevel(values, fragments, transferSyntax, items, ((int)position, length == UndefinedLength ? -1 : length), places);
            }

            if (length != UndefinedLength)
            {
                if (length > file.Length - position)
                {
                    return null;
                }

                if (wanted.TryGetValue(tag, out var wantedVr) && wantedVr == "SQ")
                {
                    if (ReadFirstItem(file[..(int)(position + length)], position, vr == "UN" ? VrEncoding.ImplicitLittle : encoding) is not { } first)
                    {
                        return null;
                    }

                    items[tag] = first;
                }
                else if (wantedVr is not null)
                {
                    values[tag] = DicomTopLevel.Decode(file.Slice((int)position, (int)length), wantedVr == "US" && vr == "SS" ? vr : wantedVr);
                    places[tag] = ((int)position, (int)length);
                }

                if (tag == 0x7FE0_0010)
                {
                    pixelData = ((int)position, (int)length);
                }

                position += length;
                continue;
            }

            if (tag != 0x7FE0_0010)
            {
                if (wanted.TryGetValue(tag, out var sequenceVr) && sequenceVr == "SQ")
                {
                    if (ReadFirstItem(file, position, vr == "UN" ? VrEncoding.ImplicitLittle : encoding) is not { } first)
                    {
                        return null;
                    }

                    items[tag] = first;
                }

                if (WalkSequence(file, ref position, file.Length, vr == "UN" ? VrEncoding.ImplicitLittle : encoding, 1, fragments: false) is not null)
                {
                    return null;
                }

                continue;
            }

            // Encapsulated pixel data: the Basic Offset Table item, then one item a fragment.
            for (var item = 0; file.Length - position >= 8; item++)
            {
                var itemTag = ReadTag(file, position, encoding);
                var itemLength = ReadUInt32(file, position + 4, encoding);
                position += 8;
                if (itemTag == 0xFFFE_E0DD)
                {
                    break;
                }

                if (itemTag != 0xFFFE_E000 || itemLength > file.Length - position)
                {
                    return null;
                }

                if (item > 0)
                {
                    fragments.Add(((int)position, (int)itemLength));
                }

                position += itemLength;
            }
        }

        return new DicomTopLevel(values, fragments, transferSyntax, items, pixelData, places);
    }

    /// <summary>The elements of a sequence's first item (nested sequences skipped), as stored; empty
    /// when the sequence has no item; null when the item is malformed.</summary>
    private static Dictionary<uint, byte[]>? ReadFirstItem(ReadOnlySpan<byte> file, long position, VrEncoding encoding)
    {
        var elements = new Dictionary<uint, byte[]>();
        if (file.Length - position < 8 || ReadTag(file, position, encoding) == 0xFFFE_E0DD)
        {
            return elements;
        }

        if (ReadTag(file, position, encoding) != 0xFFFE_E000)
        {
            return null;
        }

        var itemLength = ReadUInt32(file, position + 4, encoding);
        position += 8;
        var end = itemLength == UndefinedLength ? file.Length : position + itemLength;
        if (end > file.Length)
        {
            return null;
        }

        while (end - position >= 8 && ReadTag(file, position, encoding) != 0xFFFE_E00D)
        {
            if (ReadElement(file, ref position, end, encoding, out var tag, out _, out var length) is not null)
            {
                return null;
            }

            if (length == UndefinedLength)
            {
                if (WalkSequence(file, ref position, end, encoding, 2, fragments: false) is not null)
                {
                    return null;
                }

                continue;
            }

            if (length > end - position)
            {
                return null;
            }

            elements[tag] = file.Slice((int)position, (int)length).ToArray();
            position += length;
        }

        return elements;
    }
}
