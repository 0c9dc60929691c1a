namespace Helium.Imager.Stores;

/// <summary>Renditions by cache key. Writes are atomic: a reader sees a whole object or none.</summary>
public interface IRenditionCache
{
    Task<CachedRendition?> OpenAsync(string cacheKey, CancellationToken cancellationToken);

    /// <param name="labels">What is known of the source (see Rendition.Labels), kept beside the rendition
    /// and given back with it.</param>
    Task StoreAsync(string cacheKey, byte[] content, string contentType, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);
}
