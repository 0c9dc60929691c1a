using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Security;

/// <summary>
/// Which requests must be signed. Without a signing key, none (the listen check keeps a private store
/// off the network then). With one, every request, pass-through included: an original DICOM or PDF is
/// at least as private as its thumbnail. The exceptions are the buckets listed in <c>Buckets:Public</c>,
/// served to anyone; a signed URL to them is still checked, so a wrong signature is never ignored.
/// </summary>
public sealed class AccessPolicy(UrlSignature signature, IOptions<BucketsOptions> buckets)
{
    private readonly HashSet<string> _public = new(buckets.Value.Public, StringComparer.Ordinal);

    public bool RequiresSignature(string bucket) => signature.Enabled && !_public.Contains(bucket);
}
