using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Helium.Imager.Addressing;

namespace Helium.Imager.Security;

/// <summary>
/// HMAC-SHA256 URL signatures: <c>sig</c> = base64url(HMAC(key, canonical path + "?" + canonical query)),
/// where the canonical path is /bucket/ plus the key in <see cref="KeyEncoding"/> (so every spelling of the same
/// key agrees) and the canonical query is every parameter but <c>sig</c> (including <c>expires</c>,
/// unix seconds), percent-encoded, sorted by name then value, joined with '&amp;'.
/// </summary>
public sealed class UrlSignature(IReadOnlyList<string> keys, TimeProvider clock)
{
    public const string SignatureParameter = "sig";
    public const string ExpiresParameter = "expires";

    /// <summary>The viewer's identity, set by whoever signs the URL and covered by the signature; the
    /// audit trail records it.</summary>
    public const string SubjectParameter = "sub";

    private readonly byte[][] _keys = keys.Select(Encoding.UTF8.GetBytes).ToArray();

    public bool Enabled => _keys.Length > 0;

    /// <summary>The query with sig added (and expires, when given), for the address and parameters.</summary>
    public string Sign(ObjectAddress address, IReadOnlyList<KeyValuePair<string, string>> query, DateTimeOffset? expires)
    {
        var parameters = query.Where(p => p.Key is not SignatureParameter and not ExpiresParameter).ToList();
        if (expires is { } until)
        {
            parameters.Add(KeyValuePair.Create(ExpiresParameter, until.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        var canonical = CanonicalQuery(parameters);
        var signature = Compute(_keys[0], address, canonical);
        return (canonical.Length == 0 ? string.Empty : canonical + "&") + $"{SignatureParameter}={signature}";
    }

    public SignatureCheck Verify(ObjectAddress address, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var signatures = query.Where(p => p.Key == SignatureParameter).Select(p => p.Value).ToList();
        if (signatures.Count == 0)
        {
            return SignatureCheck.Missing;
        }

        if (signatures.Count > 1)
        {
            return SignatureCheck.Invalid;
        }

        var canonical = CanonicalQuery(query.Where(p => p.Key != SignatureParameter));
        var given = Encoding.ASCII.GetBytes(signatures[0]);
        var matched = false;
        foreach (var key in _keys)
        {
            // Every key is tried, and compared in constant time, whatever matched before.
            matched |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(key, address, canonical)), given);
        }

        if (!matched)
        {
            return SignatureCheck.Invalid;
        }

        var expires = query.Where(p => p.Key == ExpiresParameter).Select(p => p.Value).ToList();
        if (expires.Count == 0)
        {
            return SignatureCheck.Valid;
        }

        return expires.Count == 1
            && long.TryParse(expires[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds > clock.GetUtcNow().ToUnixTimeSeconds()
                ? SignatureCheck.Valid
                : SignatureCheck.Expired;
    }

    /// <summary>When a verified signature's <c>expires</c> ends it; null without one.</summary>
    public DateTimeOffset? ExpiresOf(IReadOnlyList<KeyValuePair<string, string>> query) =>
        query.Where(p => p.Key == ExpiresParameter).Select(p => p.Value).ToList() is [var text]
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds()))
            : null;

    internal static string StringToSign(ObjectAddress address, string canonicalQuery) =>
        $"/{address.Bucket}/{KeyEncoding.Encode(address.Key)}?{canonicalQuery}";

    internal static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query
            .Select(p => (Name: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    private static string Compute(byte[] key, ObjectAddress address, string canonicalQuery) =>
        Base64UrlEncode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(StringToSign(address, canonicalQuery))));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
