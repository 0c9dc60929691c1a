using Helium.Imager.Addressing;

namespace Helium.Imager.Stores;

/// <summary>Reads source objects for transforms.</summary>
public interface ISourceStore
{
    /// <summary>The current version, or null when there is no such object.</summary>
    Task<SourceVersion?> HeadAsync(ObjectAddress address, CancellationToken cancellationToken);

    /// <summary>The whole object as it was at <paramref name="version"/>, refusing more than
    /// <paramref name="maxBytes"/> (a problem of type source-too-large); null when it is gone. An object
    /// replaced since that version is a problem of type source-changed (a rendition must never be
    /// stored under one version's key with another's pixels); an unreachable store is store-unavailable.
    /// The caller disposes what it gets, when the render is done with it.</summary>
    Task<SourceBytes?> ReadAsync(ObjectAddress address, SourceVersion version, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The bytes from <paramref name="offset"/> of the object as it was at
    /// <paramref name="version"/>: <paramref name="count"/> of them, fewer at its end; source-changed
    /// when it was replaced or deleted since, store-unavailable when the store fails.</summary>
    Task<byte[]> ReadRangeAsync(ObjectAddress address, SourceVersion version, long offset, int count, CancellationToken cancellationToken);

    /// <summary>The keys of the bucket's objects that start with <paramref name="prefix"/>, in order
    /// (for <c>warm</c>; never on a request's path).</summary>
    IAsyncEnumerable<string> ListAsync(string bucket, string prefix, CancellationToken cancellationToken);
}
