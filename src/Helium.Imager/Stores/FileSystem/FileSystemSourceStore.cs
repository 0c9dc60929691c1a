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
    public async Task<SourceBytes?> ReadAsync(ObjectAddress address, SourceVersion version, long maxBytes, CancellationToken cancellationToken)
    {
        var file = buckets.Resolve(address);
        if (file is null)
        {
            return null;
        }

        await using var stream = OpenAt(file, version);
        var bytes = await BoundedRead.ReadAllAsync(stream, version.Length, maxBytes, cancellationToken);
        metrics.StoreRead(StoreReadPurpose.Source, bytes.Length);
        return bytes;
    }

    public async Task<byte[]> ReadRangeAsync(ObjectAddress address, SourceVersion version, long offset, int count, CancellationToken cancellationToken)
    {
        var file = buckets.Resolve(address) ?? throw SourceVersion.ChangedWhileRead(); // gone since its version was known
        await using var stream = OpenAt(file, version);
        var bytes = new byte[Math.Clamp(version.Length - offset, 0, count)];
        var read = 0;
        while (read < bytes.Length)
        {
            var got = await RandomAccess.ReadAsync(stream.SafeFileHandle, bytes.AsMemory(read), offset + read, cancellationToken);
            if (got == 0)
            {
                throw SourceVersion.ChangedWhileRead();
            }

            read += got;
        }

        metrics.StoreRead(StoreReadPurpose.Source, bytes.Length);
        return bytes;
    }

    /// <summary>The file opened, if it is still that version.</summary>
    private static FileStream OpenAt(FileInfo file, SourceVersion version)
    {
        var stream = file.OpenRead();
        if (FileSystemBuckets.EntityTag(File.GetLastWriteTimeUtc(stream.SafeFileHandle), RandomAccess.GetLength(stream.SafeFileHandle)) != version.ETag)
        {
            stream.Dispose();
            throw SourceVersion.ChangedWhileRead();
        }

        return stream;
    }

    public IAsyncEnumerable<string> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) =>
        buckets.Keys(bucket).Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToAsyncEnumerable();
}
