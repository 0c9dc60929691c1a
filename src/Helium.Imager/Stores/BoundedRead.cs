using Helium.Imager.Problems;

namespace Helium.Imager.Stores;

internal static class BoundedRead
{
    /// <summary>Reads a stream to the end into one pooled buffer, failing as soon as it passes the limit
    /// (so a source that grew since its HEAD, or a lying Content-Length, cannot exhaust memory).</summary>
    public static async Task<SourceBytes> ReadAllAsync(Stream stream, long expectedLength, long maxBytes, CancellationToken cancellationToken)
    {
        if (expectedLength > maxBytes)
        {
            throw new ProblemException(ProblemType.SourceTooLarge, $"The source is {expectedLength} bytes; Limits:MaxSourceBytes is {maxBytes}.");
        }

        if (expectedLength > 0)
        {
            // Straight into a buffer of the announced size (every byte is read into it, or the read
            // fails); a body longer than announced is refused like one past the limit, a shorter one
            // is the transfer cut.
            return (await SourceBytes.FillAsync(checked((int)expectedLength), async whole =>
            {
                try
                {
                    await stream.ReadExactlyAsync(whole, cancellationToken);
                }
                catch (EndOfStreamException e)
                {
                    throw new ProblemException(ProblemType.StoreUnavailable, "The source ended before its announced length: it changed while it was read, or the transfer was cut.", e);
                }

                var probe = new byte[1];
                if (await stream.ReadAsync(probe, cancellationToken) > 0)
                {
                    throw new ProblemException(ProblemType.SourceTooLarge, $"The source is longer than its announced {expectedLength} bytes.");
                }

                return true;
            }))!;
        }

        using var buffer = new MemoryStream(64 * 1024);
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

        var bytes = SourceBytes.Rent((int)buffer.Length);
        buffer.GetBuffer().AsSpan(0, bytes.Length).CopyTo(bytes.Writable.Span);
        return bytes;
    }
}
