namespace Helium.Imager.Stores;

/// <summary>An open cached rendition; dispose it to release the store connection or file.</summary>
public sealed class CachedRendition(Stream content, long length, string contentType, IReadOnlyDictionary<string, string>? labels = null) : IAsyncDisposable
{
    public IReadOnlyDictionary<string, string> Labels { get; } = labels ?? new Dictionary<string, string>();

    public Stream Content { get; } = content;

    public long Length { get; } = length;

    public string ContentType { get; } = contentType;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
