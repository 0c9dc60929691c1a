namespace Helium.Imager.Settings;

/// <summary>Where renditions are kept, and how long clients and CDNs may keep them.</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>S3 mode: the bucket renditions are written to (the server needs write access there).</summary>
    public string? Bucket { get; set; }

    /// <summary>FileSystem mode: the folder renditions are written to; empty means a folder under the
    /// system's temporary directory.</summary>
    public string? Root { get; set; }

    /// <summary>Memory for the most requested small renditions (up to 512 KiB each), in front of the
    /// cache bucket or folder; 0 turns it off.</summary>
    public long MemoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Cache-Control max-age of transformed responses.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Cache-Control s-maxage of transformed responses (shared caches: CDNs, proxies); none
    /// when unset, and they follow max-age.</summary>
    public TimeSpan? SharedMaxAge { get; set; }

    /// <summary>How long a source's ETag, once read, is trusted before it is asked for again. Within it a
    /// cache hit costs one store request (the rendition); a changed source is noticed after at most this
    /// long. Zero checks the source on every request.</summary>
    public TimeSpan SourceRecheck { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Folder cache: the most its renditions may hold; beyond it the least recently used are
    /// deleted in the background (down to 90 %). 0: unbounded.</summary>
    public long MaxBytes { get; set; }

    /// <summary>How often the folder cache is measured against <see cref="MaxBytes"/>.</summary>
    public TimeSpan EvictionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What every store needs; a store adds its own checks (S3: Cache:Bucket).</summary>
    public static IEnumerable<string> Failures(CacheOptions options)
    {
        if (options.MaxAge < TimeSpan.Zero || options.SharedMaxAge < TimeSpan.Zero || options.SourceRecheck < TimeSpan.Zero || options.MemoryBytes < 0 || options.MaxBytes < 0)
        {
            yield return "Cache:MaxAge, Cache:SharedMaxAge, Cache:SourceRecheck, Cache:MemoryBytes and Cache:MaxBytes must not be negative.";
        }

        if (options.EvictionInterval <= TimeSpan.Zero)
        {
            yield return "Cache:EvictionInterval must be a positive duration such as 00:01:00.";
        }
    }
}
