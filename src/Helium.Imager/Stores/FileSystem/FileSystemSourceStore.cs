using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;

namespace Helium.Imager.Stores.FileSystem;

internal sealed class FileSystemSourceStore(FileSystemBuckets buckets, HeliumMetrics metrics) : ISourceStore
{
    public Task<SourceVersion?> HeadAsync(ObjectAddress address, CancellationToken cancellationToken)
    {
        var file = buckets.Resolve(address);
        return Task.FromResult(file is null ? null : new SourceVersion(FileSystemBuckets.EntityTag(file), file.Length));
    }

    /// <summary>The version is checked on the opened file (not the path, which a replacement by rename
    /// would already point elsewhere): what is read is the version asked for, or nothing.</summary>
    public async Task<byte[]?> ReadAsync(ObjectAddress address, SourceVersion version, long maxBytes, CancellationToken cancellationToken)
    {
        var file = buckets.Resolve(address);
        if (file is null)
        {
            return null;
        }

        await using var stream = file.OpenRead();
        var length = RandomAccess.GetLength(stream.SafeFileHandle);
        if (FileSystemBuckets.EntityTag(File.GetLastWriteTimeUtc(stream.SafeFileHandle), length) != version.ETag)
        {
            throw SourceVersion.ChangedWhileRead();
        }

        var bytes = await BoundedRead.ReadAllAsync(stream, length, maxBytes, cancellationToken);
        metrics.StoreRead(StoreReadPurpose.Source, bytes.Length);
        return bytes;
    }

    public IAsyncEnumerable<string> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) =>
        buckets.Keys(bucket).Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToAsyncEnumerable();
}
