namespace Helium.Imager.Stores;

/// <summary>The version of a source object: what the cache key and the size limit need.</summary>
public sealed record SourceVersion(string ETag, long Length);
