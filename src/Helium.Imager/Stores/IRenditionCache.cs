namespace Helium.Imager.Stores;

/// <summary>Renditions by cache key. Writes are atomic: a reader sees a whole object or none.</summary>
public interface IRenditionCache
{
    Task<CachedRendition?> OpenAsync(string cacheKey, CancellationToken cancellationToken);

    Task StoreAsync(string cacheKey, byte[] content, string contentType, CancellationToken cancellationToken);
}
