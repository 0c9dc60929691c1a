using Helium.Imager.Problems;

namespace Helium.Imager.Stores;

internal static class BoundedRead
{
    /// <summary>Reads a stream to the end into one array, failing as soon as it passes the limit (so a
    /// source that grew since its HEAD, or a lying Content-Length, cannot exhaust memory).</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long expectedLength, long maxBytes, CancellationToken cancellationToken)
    {
        if (expectedLength > maxBytes)
        {
            throw new ProblemException(ProblemType.SourceTooLarge, $"The source is {expectedLength} bytes; Limits:MaxSourceBytes is {maxBytes}.");
        }

        using var buffer = new MemoryStream(expectedLength > 0 ? (int)expectedLength : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ProblemException(ProblemType.SourceTooLarge, $"The source is larger than Limits:MaxSourceBytes ({maxBytes} bytes).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
