using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.S3;

/// <summary>Signs outgoing store requests with AWS Signature V4 using the server's credentials. Only
/// host and the x-amz-* headers the signer adds are signed, so the client's Range and conditional
/// headers can travel unsigned (S3 allows that) and unchanged.</summary>
public sealed class S3RequestSigner(IOptions<S3Options> options, TimeProvider clock)
{
    private readonly AWSCredentials _credentials = new BasicAWSCredentials(options.Value.AccessKey, options.Value.SecretKey);
    private readonly RegionEndpoint _region = RegionEndpoint.GetBySystemName(options.Value.Region);

    /// <summary>Adds x-amz-date, x-amz-content-sha256 (of <paramref name="body"/>, or of the empty body
    /// of GET/HEAD) and Authorization. The request's own x-amz-* headers (user metadata) are signed
    /// with it, as S3 requires.</summary>
    public void Sign(HttpRequestMessage request, byte[]? body = null)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI to sign.");
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = uri, Content = body };
        signing.Headers["host"] = uri.Authority;
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                signing.Headers[name] = string.Join(',', values.Select(value => value.Trim()));
            }
        }

        var signed = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
        {
            Credentials = _credentials,
            Region = _region,
            Service = "s3",
            SignPayload = true,
            SignedAt = clock.GetUtcNow().UtcDateTime,
        });

        foreach (var (name, value) in signed.Headers)
        {
            if (!string.Equals(name, "host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }
}
