using System.Text;
using Helium.Imager.Routing;

namespace Helium.Imager.Storage;

/// <summary>Path-style object URLs with S3's encoding: every UTF-8 byte except the unreserved
/// characters (A–Z a–z 0–9 - _ . ~) is percent-encoded, '/' separates key segments. This is also the
/// canonical URI that SigV4 signs for S3 (encoded once, not twice).</summary>
public static class S3ObjectUrl
{
    public static Uri For(Uri serviceUrl, ObjectAddress address) =>
        new($"{serviceUrl.GetLeftPart(UriPartial.Authority)}/{address.Bucket}/{EncodeKey(address.Key)}", UriKind.Absolute);

    public static string EncodeKey(string key)
    {
        var builder = new StringBuilder(key.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
