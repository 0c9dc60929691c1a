using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Routing;

/// <summary>Which buckets may be read: the explicit <c>Buckets:Allowed</c> list; when it is empty,
/// nothing in S3 mode and any existing sub-folder of the root in FileSystem mode.</summary>
public sealed class BucketAllowlist(IOptions<BucketsOptions> buckets, IOptions<StoreOptions> store)
{
    private readonly HashSet<string> _explicit = new(buckets.Value.Allowed, StringComparer.Ordinal);
    private readonly bool _openFileSystem = buckets.Value.Allowed.Count == 0 && !store.Value.IsS3;

    public IReadOnlyCollection<string> Explicit => _explicit;

    public bool Allows(string bucket) => _openFileSystem || _explicit.Contains(bucket);
}
