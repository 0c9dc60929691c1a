using System.IO.Compression;
using System.Text;
using Helium.Imager.Core.Problems;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Deflated Explicit VR Little Endian (PS3.5 A.5): the data set after the file meta group is one
/// deflate stream. Inflated here, by our own code, up to a bound, into an ordinary explicit VR little
/// endian file, so that the element walker (<see cref="DicomStructure"/>) checks every length before any
/// decoder sees it. GDCM met damaged deflated data unguarded: a mutated 3.7 MB file kept a worker busy
/// for 15 to 30 s at 695 MB before it was refused.
/// </summary>
public static class DeflatedDicom
{
    public const string TransferSyntax = "1.2.840.10008.1.2.1.99";
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";
    private const uint TransferSyntaxTag = 0x0002_0010;
    private const uint GroupLengthTag = 0x0002_0000;

    /// <summary>The file as explicit VR little endian when it is deflated; otherwise the file itself.</summary>
    /// <param name="maxBytes">The most the inflated file may hold (Limits:MaxSourceBytes: a deflated
    /// source counts at the size it inflates to).</param>
    /// <exception cref="SourceRejectedException">The stream is damaged, or inflates beyond the bound.</exception>
    public static byte[] Inflate(byte[] file, long maxBytes)
    {
        if (DicomStructure.TransferSyntaxOf(file) != TransferSyntax || DicomStructure.DataSetStart(file) is not { } start)
        {
            return file;
        }

        using var output = new MemoryStream();
        output.Write(RewrittenMeta(file.AsSpan(0, (int)start)));
        var deflated = file.AsMemory((int)start);

        // The standard says raw deflate (RFC 1951); some writers put a zlib header (RFC 1950) first.
        using var input = new MemoryStream(file, (int)start, deflated.Length, writable: false);
        using Stream inflater = HasZlibHeader(deflated.Span) ? new ZLibStream(input, CompressionMode.Decompress) : new DeflateStream(input, CompressionMode.Decompress);
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = inflater.Read(buffer)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    throw new SourceRejectedException(SourceProblem.TooLarge,
                        $"The deflated DICOM data set inflates to more than {maxBytes} bytes (Limits:MaxSourceBytes).");
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, $"The deflated DICOM data set is damaged ({e.Message}).");
        }

        return output.ToArray();
    }

    /// <summary>The preamble and file meta group with the transfer syntax made explicit VR little endian
    /// and the group length made to fit.</summary>
    private static byte[] RewrittenMeta(ReadOnlySpan<byte> head)
    {
        using var elements = new MemoryStream();
        foreach (var element in DicomStructure.MetaElements(head))
        {
            if (element.Tag == GroupLengthTag)
            {
                continue; // written again below, with the new length
            }

            if (element.Tag == TransferSyntaxTag)
            {
                var uid = Encoding.ASCII.GetBytes(ExplicitLittle + "\0"); // UIDs pad to even length with NUL
                elements.Write(head.Slice(element.Start, 6)); // tag and VR
                elements.Write(BitConverter.GetBytes((ushort)uid.Length));
                elements.Write(uid);
                continue;
            }

            elements.Write(head[element.Start..element.End]);
        }

        var hasPreamble = head.Length >= 132 && head[128..132].SequenceEqual("DICM"u8);
        using var meta = new MemoryStream();
        meta.Write(head[..(hasPreamble ? 132 : 0)]);
        meta.Write([0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 0x04, 0x00]);
        meta.Write(BitConverter.GetBytes((uint)elements.Length));
        elements.Position = 0;
        elements.CopyTo(meta);
        return meta.ToArray();
    }

    private static bool HasZlibHeader(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && (data[0] & 0x0F) == 8 && (data[0] >> 4) <= 7 && ((data[0] << 8) | data[1]) % 31 == 0;
}
