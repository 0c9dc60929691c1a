using Helium.Imager.Diagnostics;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.FileSystem;

/// <summary>Renditions as files under Cache:Root, with the content type beside each (then its labels,
/// one "name=value" a line). A rendition is written to a temporary name and moved into place without
/// replacing one that is there (servers sharing the folder never overwrite one another), so no reader
/// ever sees part of one.</summary>
internal sealed class FileSystemRenditionCache(IOptions<CacheOptions> options, IHostEnvironment environment, HeliumMetrics metrics) : IRenditionCache, IRenditionInventory
{
    private readonly string _root = Resolve(options.Value, environment);

    public static string Resolve(CacheOptions options, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(options.Root)
            ? Path.Combine(Path.GetTempPath(), "helium-imager-cache")
            : Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Root));

    public Task<CachedRendition?> OpenAsync(string cacheKey, CancellationToken cancellationToken)
    {
        var path = PathOf(cacheKey);
        try
        {
            var lines = File.ReadAllLines(path + ".type");
            var labels = lines.Skip(1).Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
            MarkUsed(path);
            return Task.FromResult<CachedRendition?>(new CachedRendition(new StoreReadStream(stream, stream.Length, metrics), stream.Length, lines.FirstOrDefault() ?? "application/octet-stream", labels));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<CachedRendition?>(null);
        }
    }

    public async Task StoreAsync(string cacheKey, byte[] content, string contentType, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var path = PathOf(cacheKey);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            // The type first: a rendition file is only ever visible with its type already beside it.
            // A type file already there was written with the same rendition (its key names source and transform).
            await File.WriteAllLinesAsync(temporary + ".type", [contentType, .. labels.Select(label => $"{label.Key}={label.Value}")], cancellationToken);
            MoveUnlessThere(temporary + ".type", path + ".type");
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            if (!MoveUnlessThere(temporary, path))
            {
                metrics.StoredElsewhere();
            }
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporary + ".type");
        }
    }

    public IAsyncEnumerable<StoredRendition> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var folder = PathOf(prefix);
        var files = Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories) : [];
        return files
            .Where(file => !file.Name.Contains('.', StringComparison.Ordinal)) // not a .type file, nor one being written
            .Select(file => new StoredRendition(
                Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/'),
                file.Length,
                file.LastWriteTimeUtc,
                file.LastAccessTimeUtc))
            .ToAsyncEnumerable();
    }

    public Task DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            // The rendition first: a type file without its rendition is never read.
            File.Delete(PathOf(key));
            File.Delete(PathOf(key) + ".type");
        }

        return Task.CompletedTask;
    }

    /// <summary>Eviction keeps what is used: a hit sets the access time itself, whatever the mount's
    /// atime policy (relatime, noatime).</summary>
    private static void MarkUsed(string path)
    {
        try
        {
            File.SetLastAccessTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Evicted meanwhile, or a read-only cache: the hit is served all the same.
        }
    }

    /// <summary>Moves the file into place unless another writer got there first (a link that cannot
    /// replace, so the check and the move are one step); false then.</summary>
    private static bool MoveUnlessThere(string from, string to)
    {
        try
        {
            File.Move(from, to, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(to))
        {
            return false;
        }
    }

    private string PathOf(string cacheKey) => Path.Combine(_root, cacheKey.Replace('/', Path.DirectorySeparatorChar));
}
