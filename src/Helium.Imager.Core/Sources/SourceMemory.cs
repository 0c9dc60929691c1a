using System.Runtime.InteropServices;

namespace Helium.Imager.Core.Sources;

/// <summary>
/// A source's bytes as each reader takes them. The server hands a render a slice of a pooled buffer
/// (an array that may be longer than the source), so no reader may take the array behind it whole.
/// </summary>
public static class SourceMemory
{
    /// <summary>For readers that take an array, an offset and a count (Magick.NET).</summary>
    public static ArraySegment<byte> Segment(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) ? segment : new ArraySegment<byte>(bytes.ToArray());

    /// <summary>For readers that need an array exactly the source's length (the DICOM walkers): the
    /// array itself when the bytes are one whole array, a copy otherwise.</summary>
    public static byte[] ExactArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();

    /// <summary>For libvips's loaders: a read-only stream over the bytes, without copying them.</summary>
    public static Stream OpenRead(ReadOnlyMemory<byte> bytes)
    {
        var segment = Segment(bytes);
        return new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
    }
}
