using System.Security.Cryptography;
using System.Text;
using Helium.Imager.Addressing;
using Helium.Imager.Stores;

namespace Helium.Imager.Renditions;

/// <summary>
/// The cache key of a rendition: SHA-256 over bucket, key, the source's ETag, the canonical transform
/// and the format token. A changed source has a new ETag and so a new key: results are never stale,
/// only unused. The hex digest is also the response's ETag. Renditions are stored under a folder of
/// their source (a hash of bucket and key), so that all renditions of a source go with one prefix
/// delete: when it is deleted (an S3 event), or taken down (<c>cache purge</c>).
/// </summary>
public static class RenditionKey
{
    public static string Hash(ObjectAddress address, SourceVersion source, string canonicalTransform, string formatToken)
    {
        var material = string.Join('\n', address.Bucket, address.Key, source.ETag, canonicalTransform, formatToken);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    /// <summary>The object key in the cache: the source's folder, then the rendition's hash.</summary>
    public static string ObjectKey(ObjectAddress address, string hash) => SourcePrefix(address) + hash;

    /// <summary>Where every rendition of the source lies: renditions/{s[0..2]}/{s}/, s being 128 bits
    /// of SHA-256 over bucket and key (the two-character level spreads folders).</summary>
    public static string SourcePrefix(ObjectAddress address)
    {
        var source = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Bucket + "\n" + address.Key)).AsSpan(0, 16));
        return $"{IRenditionInventory.Prefix}{source[..2]}/{source}/";
    }
}
