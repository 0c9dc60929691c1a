using Helium.Imager.Problems;

namespace Helium.Imager.Stores;

/// <summary>The version of a source object: what the cache key and the size limit need.</summary>
public sealed record SourceVersion(string ETag, long Length)
{
    /// <summary>What a read pinned to this version answers when the object was replaced meanwhile.</summary>
    internal static ProblemException ChangedWhileRead() =>
        new(ProblemType.SourceChanged, "The source was replaced while it was being read; ask again.");
}
