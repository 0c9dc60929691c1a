namespace Helium.Imager.Storage;

internal static class BoundedRead
{
    /// <summary>Reads a stream to the end into one array, failing as soon as it passes the limit (so a
    /// source that grew since its HEAD, or a lying Content-Length, cannot exhaust memory).</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long expectedLength, long maxBytes, CancellationToken cancellationToken)
    {
        if (expectedLength > maxBytes)
        {
            throw new SourceTooLargeException($"The source is {expectedLength} bytes; the limit is {maxBytes}.");
        }

        using var buffer = new MemoryStream(expectedLength > 0 ? (int)expectedLength : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new SourceTooLargeException($"The source is larger than the limit of {maxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
