using Helium.Imager.Stores;

namespace Helium.Imager.Renditions;

/// <summary>How a transform request was answered: from the cache, freshly rendered, or 304.</summary>
internal abstract record TransformOutcome(string Hash, bool VariesWithAccept)
{
    public sealed record Hit(string Hash, bool VariesWithAccept, CachedRendition Cached) : TransformOutcome(Hash, VariesWithAccept);

    public sealed record Fresh(string Hash, bool VariesWithAccept, RenderedObject Output) : TransformOutcome(Hash, VariesWithAccept);

    public sealed record NotModified(string Hash, bool VariesWithAccept) : TransformOutcome(Hash, VariesWithAccept);
}
