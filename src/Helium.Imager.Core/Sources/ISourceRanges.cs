namespace Helium.Imager.Core.Sources;

/// <summary>A source object read by byte ranges, every read of one version of it (the store pins each
/// to the version the rendition's key names).</summary>
public interface ISourceRanges
{
    /// <summary>Names the object and its version: equal for every read of the same bytes (what a kind
    /// may remember about an object is keyed by it).</summary>
    string Identity { get; }

    /// <summary>The object's size in bytes.</summary>
    long Length { get; }

    /// <summary>How many more bytes this request may read (Limits:MaxSourceBytes less what it has read):
    /// reading ahead must leave room for what the render needs.</summary>
    long Unread { get; }

    /// <summary>The bytes from <paramref name="offset"/>: <paramref name="count"/> of them, fewer at the
    /// end of the object.</summary>
    Task<byte[]> ReadAsync(long offset, int count, CancellationToken cancellationToken);
}
