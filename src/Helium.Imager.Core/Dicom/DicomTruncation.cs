using System.Buffers.Binary;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// GDCM reads a file whose Pixel Data is cut short and zero-fills the rest, reporting success; a
/// rendering of half a scan must be an error instead. Given the length GDCM parsed from the Pixel Data
/// element's header, this finds that element (7FE0,0010) in the file and checks that as many bytes
/// follow it. Matching the length, not just the tag, skips look-alike bytes inside pixel data and the
/// Pixel Data of icon sequences.
/// </summary>
public static class DicomTruncation
{
    private static readonly byte[] LittleEndianTag = [0xE0, 0x7F, 0x10, 0x00];
    private static readonly byte[] BigEndianTag = [0x7F, 0xE0, 0x00, 0x10];

    public static bool IsTruncated(ReadOnlySpan<byte> file, uint declaredLength)
    {
        if (declaredLength == uint.MaxValue)
        {
            return false; // Encapsulated (compressed) data: the codec notices a cut stream.
        }

        foreach (var (tag, bigEndian) in new[] { (LittleEndianTag, false), (BigEndianTag, true) })
        {
            var start = 0;
            int found;
            while ((found = file[start..].IndexOf(tag)) >= 0)
            {
                var at = start + found;
                start = at + 1;
                var header = file[(at + 4)..];
                var explicitVr = header.Length >= 2 && header[0] is (byte)'O' or (byte)'U' && header[1] is (byte)'B' or (byte)'W' or (byte)'F' or (byte)'N';
                var lengthOffset = explicitVr ? 4 : 0;
                if (header.Length < lengthOffset + 4)
                {
                    continue;
                }

                var lengthBytes = header.Slice(lengthOffset, 4);
                var length = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
                if (length == declaredLength)
                {
                    return header.Length - lengthOffset - 4 < length;
                }
            }
        }

        return false;
    }
}
