using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.S3;

/// <summary>
/// Signs outgoing store requests with AWS Signature V4 using the server's credentials. Only host and
/// the x-amz-* headers are signed, so the client's Range and conditional headers can travel unsigned
/// (S3 allows that) and unchanged. Every store request on the path of a client's request comes here
/// (pass-through, source HEAD and GET, cache bucket GET and PUT), so the work is kept small: the
/// signing key is derived once a day, not four HMACs a request as the AWS SDK's signer does, and the
/// canonical request is written for the one shape these requests have (an object URL, no query).
/// In-process, a request built and signed took 9.5 µs with the SDK's signer and 4.5 with this one
/// (S3RequestSignerTests checks the two give the same signature).
/// </summary>
public sealed class S3RequestSigner(IOptions<S3Options> options, TimeProvider clock)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>SHA-256 of the empty body: what GET and HEAD sign as their payload.</summary>
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private readonly string _accessKey = options.Value.AccessKey ?? "";
    private readonly byte[] _secret = Encoding.UTF8.GetBytes("AWS4" + options.Value.SecretKey);
    private readonly string _region = options.Value.Region;
    private SigningKey? _key;

    /// <summary>Adds x-amz-date, x-amz-content-sha256 (of <paramref name="body"/>, or of the empty body
    /// of GET/HEAD) and Authorization. The request's own x-amz-* headers (user metadata) are signed
    /// with it, as S3 requires.</summary>
    public void Sign(HttpRequestMessage request, byte[]? body = null)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI to sign.");
        if (uri.Query.Length > 0)
        {
            // Object requests carry none; a query would need its own canonical form.
            throw new InvalidOperationException("Store requests signed here address an object and carry no query.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var stamp = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = stamp[..8];
        var payloadHash = body is null ? EmptyBodyHash : Convert.ToHexStringLower(SHA256.HashData(body));

        var headers = new SortedList<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = stamp,
        };
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                var lower = name.ToLowerInvariant();
                if (lower is not ("x-amz-content-sha256" or "x-amz-date"))
                {
                    headers[lower] = string.Join(',', values.Select(CanonicalValue));
                }
            }
        }

        var canonical = new StringBuilder(256)
            .Append(request.Method.Method).Append('\n')
            .Append(uri.AbsolutePath).Append('\n')
            .Append('\n'); // the query: none
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        var signedHeaders = string.Join(';', headers.Keys);
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);

        var scope = $"{day}/{_region}/s3/aws4_request";
        var stringToSign = $"{Algorithm}\n{stamp}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(KeyFor(day), Encoding.UTF8.GetBytes(stringToSign)));

        Replace(request, "x-amz-date", stamp);
        Replace(request, "x-amz-content-sha256", payloadHash);
        Replace(request, "Authorization", $"{Algorithm} Credential={_accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>The day's signing key: HMAC of the date, region, service and terminator in turn.</summary>
    private byte[] KeyFor(string day)
    {
        if (_key is { } known && known.Day == day)
        {
            return known.Key;
        }

        var key = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(day));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_region));
        key = HMACSHA256.HashData(key, "s3"u8);
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        _key = new SigningKey(day, key); // one reference written at once: a racing request derives its own
        return key;
    }

    /// <summary>SigV4's canonical header value: trimmed, runs of spaces made one.</summary>
    private static string CanonicalValue(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    private sealed record SigningKey(string Day, byte[] Key);
}
