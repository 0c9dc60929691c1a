using System.Text;

namespace Helium.Imager.Addressing;

/// <summary>
/// Turns the raw request target into an <see cref="ObjectAddress"/>. The raw target is used instead of
/// the decoded <c>Request.Path</c> because Kestrel resolves <c>..</c> segments and leaves <c>%2F</c>
/// half-decoded; here every segment is percent-decoded exactly once, and any segment that could move
/// between folders or buckets (<c>.</c>, <c>..</c>, also when spelled <c>%2e%2e</c> or hidden behind
/// <c>%2F</c>) is refused rather than resolved.
/// </summary>
public static class ObjectAddressParser
{
    /// <summary>S3's limit for a key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    public static bool TryParse(string rawTarget, out ObjectAddress address, out string error)
    {
        address = default;
        var path = rawTarget;
        var query = path.IndexOfAny(['?', '#']);
        if (query >= 0)
        {
            path = path[..query];
        }

        if (!path.StartsWith('/'))
        {
            error = "The request target must be a path such as /bucket/key.";
            return false;
        }

        var slash = path.IndexOf('/', 1);
        var rawBucket = slash < 0 ? path[1..] : path[1..slash];
        var rawKey = slash < 0 ? string.Empty : path[(slash + 1)..];

        if (!TryDecode(rawBucket, out var bucket) || !BucketNames.IsValid(bucket))
        {
            error = "The first path segment must be a bucket name (3-63 of a-z, 0-9, '.', '-').";
            return false;
        }

        if (!TryDecode(rawKey, out var key))
        {
            error = "The object key is not valid percent-encoded UTF-8.";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            error = $"The object key is longer than {MaxKeyBytes} bytes.";
            return false;
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                error = "The object key contains a control character.";
                return false;
            }
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is "." or "..")
            {
                error = "The object key must not contain '.' or '..' segments.";
                return false;
            }
        }

        address = new ObjectAddress(bucket, key);
        error = string.Empty;
        return true;
    }

    /// <summary>Percent-decodes to bytes, then requires strict UTF-8 ('+' stays '+': this is a path).</summary>
    private static bool TryDecode(string raw, out string decoded)
    {
        decoded = raw;
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new byte[raw.Length];
        var count = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                {
                    return false;
                }

                bytes[count++] = Convert.ToByte(raw.Substring(i + 1, 2), 16);
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes[count++] = (byte)c;
            }
            else
            {
                // Kestrel hands over raw targets as Latin-1; a non-ASCII byte is not valid in a URL.
                return false;
            }
        }

        try
        {
            decoded = StrictUtf8.GetString(bytes, 0, count);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
