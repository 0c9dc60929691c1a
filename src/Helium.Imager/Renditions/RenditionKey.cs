using System.Security.Cryptography;
using System.Text;
using Helium.Imager.Addressing;
using Helium.Imager.Stores;

namespace Helium.Imager.Renditions;

/// <summary>
/// The cache key of a rendition: SHA-256 over bucket, key, the source's ETag, the canonical transform
/// and the format token. A changed source has a new ETag and so a new key: results are never stale,
/// only unused. The hex digest is also the response's ETag.
/// </summary>
public static class RenditionKey
{
    public static string Hash(ObjectAddress address, SourceVersion source, string canonicalTransform, string formatToken)
    {
        var material = string.Join('\n', address.Bucket, address.Key, source.ETag, canonicalTransform, formatToken);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    /// <summary>The object key in the cache: a two-character prefix spreads files over folders.</summary>
    public static string ObjectKey(string hash) => $"{IRenditionInventory.Prefix}{hash[..2]}/{hash}";
}
