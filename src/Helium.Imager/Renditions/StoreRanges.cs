using Helium.Imager.Addressing;
using Helium.Imager.Core.Sources;
using Helium.Imager.Problems;
using Helium.Imager.Stores;

namespace Helium.Imager.Renditions;

/// <summary>A source read by range for one render: every read pinned to the version its rendition's
/// key names, and all of them together bounded by Limits:MaxSourceBytes (what a request may read,
/// whatever the object's size).</summary>
internal sealed class StoreRanges(ISourceStore store, ObjectAddress address, SourceVersion version, long maxBytes) : ISourceRanges
{
    private long _read;

    public string Identity { get; } = $"{address.Bucket}/{address.Key}\n{version.ETag}";

    public long Length => version.Length;

    public long Unread => Math.Max(0, maxBytes - Interlocked.Read(ref _read));

    public async Task<byte[]> ReadAsync(long offset, int count, CancellationToken cancellationToken)
    {
        if (Interlocked.Add(ref _read, count) > maxBytes)
        {
            throw new ProblemException(ProblemType.SourceTooLarge, $"Rendering this source would read more than Limits:MaxSourceBytes ({maxBytes} bytes) of it.");
        }

        return await store.ReadRangeAsync(address, version, offset, count, cancellationToken);
    }
}
