namespace Helium.Imager.Stores;

/// <summary>One rendition as a cache holds it. <paramref name="Used"/> is when it was last served where
/// the store can tell (the folder cache), else when it was written.</summary>
public sealed record StoredRendition(string Key, long Bytes, DateTimeOffset Written, DateTimeOffset Used);

/// <summary>The renditions a store's cache holds, listed and deleted in bulk: for <c>cache prune</c>,
/// <c>cache purge</c>, deleted sources and the folder cache's eviction, never on a request's path.</summary>
public interface IRenditionInventory
{
    /// <summary>Every rendition key starts with this; nothing else in a cache bucket is touched.</summary>
    public const string Prefix = "renditions/";

    IAsyncEnumerable<StoredRendition> ListAsync(CancellationToken cancellationToken) => ListAsync(Prefix, cancellationToken);

    /// <summary>The renditions whose keys start with <paramref name="prefix"/> (one source's: RenditionKey.SourcePrefix).</summary>
    IAsyncEnumerable<StoredRendition> ListAsync(string prefix, CancellationToken cancellationToken);

    Task DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);
}
