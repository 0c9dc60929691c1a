using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores;

/// <summary>Which buckets may be read: the explicit <c>Buckets:Allowed</c> list; when it is empty,
/// every bucket of a store that is open without one (a local folder), none of any other.</summary>
public sealed class BucketAllowlist(IOptions<BucketsOptions> buckets, StoreKind store)
{
    private readonly HashSet<string> _explicit = new(buckets.Value.Allowed, StringComparer.Ordinal);
    private readonly bool _open = buckets.Value.Allowed.Count == 0 && store.OpenWithoutAllowlist;

    public IReadOnlyCollection<string> Explicit => _explicit;

    public bool Allows(string bucket) => _open || _explicit.Contains(bucket);
}
