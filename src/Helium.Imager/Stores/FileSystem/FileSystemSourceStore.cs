using Helium.Imager.Addressing;

namespace Helium.Imager.Stores.FileSystem;

internal sealed class FileSystemSourceStore(FileSystemBuckets buckets) : ISourceStore
{
    public Task<SourceVersion?> HeadAsync(ObjectAddress address, CancellationToken cancellationToken)
    {
        var file = buckets.Resolve(address);
        return Task.FromResult(file is null ? null : new SourceVersion(FileSystemBuckets.EntityTag(file), file.Length));
    }

    public async Task<byte[]?> ReadAsync(ObjectAddress address, long maxBytes, CancellationToken cancellationToken)
    {
        var file = buckets.Resolve(address);
        if (file is null)
        {
            return null;
        }

        await using var stream = file.OpenRead();
        return await BoundedRead.ReadAllAsync(stream, file.Length, maxBytes, cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) =>
        buckets.Keys(bucket).Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToAsyncEnumerable();
}
