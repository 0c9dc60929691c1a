using System.Globalization;
using System.Text;

namespace Helium.Imager.Addressing;

/// <summary>Object keys encoded the S3 way: every UTF-8 byte except the unreserved characters
/// (A–Z a–z 0–9 - _ . ~) is percent-encoded, '/' separates key segments. Every spelling of one key in
/// a request gives the same encoding, which is why URL signatures sign it too.</summary>
public static class KeyEncoding
{
    public static string Encode(string key)
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
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
