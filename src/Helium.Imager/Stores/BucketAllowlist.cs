using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores;

/// <summary>Which buckets may be read: those in <c>Buckets:Allowed</c> and <c>Buckets:Public</c>; when
/// Allowed is empty, every bucket of a local store, and of a remote one only the public ones.</summary>
public sealed class BucketAllowlist(IOptions<BucketsOptions> buckets, StoreKind store)
{
    private readonly HashSet<string> _explicit = new(buckets.Value.Allowed.Concat(buckets.Value.Public), StringComparer.Ordinal);
    private readonly bool _open = buckets.Value.Allowed.Count == 0 && store.Local;

    /// <summary>Every bucket named in the settings (readiness checks each).</summary>
    public IReadOnlyCollection<string> Explicit => _explicit;

    public bool Allows(string bucket) => _open || _explicit.Contains(bucket);
}
