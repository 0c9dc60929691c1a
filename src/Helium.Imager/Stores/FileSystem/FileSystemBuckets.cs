using Helium.Imager.Addressing;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.FileSystem;

/// <summary>Maps addresses to files of a FileSystem store: sub-folders of Store:Root are buckets.</summary>
internal sealed class FileSystemBuckets(IOptions<FileSystemStoreOptions> options, IHostEnvironment environment)
{
    private readonly string _root = options.Value.Resolve(environment);

    /// <summary>The file behind an address, or null when there is none. Symbolic links below a bucket
    /// folder are not followed, so nothing outside the bucket can be reached through one.</summary>
    public FileInfo? Resolve(ObjectAddress address)
    {
        if (address.Key.Length == 0)
        {
            return null;
        }

        var bucketDirectory = Path.Combine(_root, address.Bucket);
        if (!Directory.Exists(bucketDirectory))
        {
            return null;
        }

        var path = bucketDirectory;
        foreach (var segment in address.Key.Split('/'))
        {
            path = Path.Combine(path, segment);
            if (new FileInfo(path).LinkTarget is not null)
            {
                return null;
            }
        }

        var file = new FileInfo(path);
        var inside = Path.GetFullPath(path).StartsWith(Path.GetFullPath(bucketDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return file.Exists && inside ? file : null;
    }

    /// <summary>Every key of a bucket: its files, symbolic links neither listed nor followed.</summary>
    public IEnumerable<string> Keys(string bucket)
    {
        var bucketDirectory = new DirectoryInfo(Path.Combine(_root, bucket));
        return bucketDirectory.Exists
            ? bucketDirectory.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden })
                .Select(file => Path.GetRelativePath(bucketDirectory.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/'))
            : [];
    }

    /// <summary>A strong validator from size and modification time, as StaticFiles computes it.</summary>
    public static string EntityTag(FileInfo file) => EntityTag(file.LastWriteTimeUtc, file.Length);

    public static string EntityTag(DateTime lastWriteUtc, long length) => $"\"{lastWriteUtc.ToFileTimeUtc() ^ length:x}\"";
}
