using Helium.Imager.Addressing;

namespace Helium.Imager.Stores.S3;

/// <summary>Path-style object URLs with S3's key encoding. This is also the canonical URI that SigV4
/// signs for S3 (encoded once, not twice).</summary>
public static class S3ObjectUrl
{
    public static Uri For(Uri serviceUrl, ObjectAddress address) =>
        new($"{serviceUrl.GetLeftPart(UriPartial.Authority)}/{address.Bucket}/{KeyEncoding.Encode(address.Key)}", UriKind.Absolute);
}
