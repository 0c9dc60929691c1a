using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// A few top-level attributes of a DICOM file and where its encapsulated Pixel Data fragments lie,
/// read in the server's own process by the structure walker's element reader, which checks every
/// length it meets (a lying one gives null): enough to recognise a tiled whole-slide image and hand its
/// JPEG tiles to the pixel pipeline without GDCM. Little-endian, not deflated; otherwise null.
/// </summary>
public sealed record DicomTopLevel(IReadOnlyDictionary<uint, string> Values, IReadOnlyList<(int Offset, int Length)> Fragments, string TransferSyntax)
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

    internal static string Decode(ReadOnlySpan<byte> value, string vr) => vr switch
    {
        "US" when value.Length >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(value).ToString(CultureInfo.InvariantCulture),
        "UL" when value.Length >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(value).ToString(CultureInfo.InvariantCulture),
        _ => Encoding.ASCII.GetString(value).Trim('\0', ' '),
    };
}

public static partial class DicomStructure
{
    internal static DicomTopLevel? ReadTopLevel(ReadOnlySpan<byte> file, IReadOnlyDictionary<uint, string> wanted)
    {
        var position = file.Length >= 132 && file[128..132].SequenceEqual("DICM"u8) ? 132L : 0L;
        if (WalkMetaGroup(file, ref position, out var transferSyntax) is not null || transferSyntax is null or "1.2.840.10008.1.2.1.99" or "1.2.840.10008.1.2.2")
        {
            return null;
        }

        var encoding = transferSyntax == "1.2.840.10008.1.2" ? VrEncoding.ImplicitLittle : VrEncoding.ExplicitLittle;
        var values = new Dictionary<uint, string>();
        var fragments = new List<(int, int)>();
        while (file.Length - position >= 8)
        {
            if (ReadElement(file, ref position, file.Length, encoding, out var tag, out var vr, out var length) is not null)
            {
                return null;
            }

            if (length != UndefinedLength)
            {
                if (length > file.Length - position)
                {
                    return null;
                }

                if (wanted.TryGetValue(tag, out var wantedVr))
                {
                    values[tag] = DicomTopLevel.Decode(file.Slice((int)position, (int)length), wantedVr);
                }

                position += length;
                continue;
            }

            if (tag != 0x7FE0_0010)
            {
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

        return new DicomTopLevel(values, fragments, transferSyntax);
    }
}
