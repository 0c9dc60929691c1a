using Helium.Imager.Routing;

namespace Helium.Imager.Storage;

/// <summary>The version of a source object: what the cache key and the size limit need.</summary>
public sealed record SourceVersion(string ETag, long Length);

/// <summary>Reads source objects for transforms.</summary>
public interface ISourceStore
{
    /// <summary>The current version, or null when there is no such object.</summary>
    Task<SourceVersion?> HeadAsync(ObjectAddress address, CancellationToken cancellationToken);

    /// <summary>The whole object, refusing more than <paramref name="maxBytes"/>; null when it is gone.</summary>
    Task<byte[]?> ReadAsync(ObjectAddress address, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>Renditions by cache key. Writes are atomic: a reader sees a whole object or none.</summary>
public interface IRenditionCache
{
    Task<CachedRendition?> OpenAsync(string cacheKey, CancellationToken cancellationToken);

    Task StoreAsync(string cacheKey, byte[] content, string contentType, CancellationToken cancellationToken);
}

/// <summary>An open cached rendition; dispose it to release the store connection or file.</summary>
public sealed class CachedRendition(Stream content, long length, string contentType) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    public long Length { get; } = length;

    public string ContentType { get; } = contentType;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>The store could not be reached or failed (502), as opposed to a missing object.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The source is larger than Limits:MaxSourceBytes (413).</summary>
public sealed class SourceTooLargeException : Exception
{
    public SourceTooLargeException()
    {
    }

    public SourceTooLargeException(string message)
        : base(message)
    {
    }

    public SourceTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
