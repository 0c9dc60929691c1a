using Helium.Imager.Core.Sources;

namespace Helium.Imager.UnitTests.Dicom;

/// <summary>An object in memory, read by range, counting the reads and the bytes they took.</summary>
internal sealed class MemoryRanges(byte[] bytes, string identity = "in memory") : ISourceRanges
{
    public long BytesRead { get; private set; }

    public int Reads { get; private set; }

    public string Identity => identity;

    public long Length => bytes.Length;

    public long Unread => long.MaxValue;

    public Task<byte[]> ReadAsync(long offset, int count, CancellationToken cancellationToken)
    {
        var slice = bytes.AsSpan((int)offset, (int)Math.Min(count, bytes.Length - offset)).ToArray();
        BytesRead += slice.Length;
        Reads++;
        return Task.FromResult(slice);
    }
}
