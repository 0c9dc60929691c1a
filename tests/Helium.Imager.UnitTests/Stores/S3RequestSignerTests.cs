using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Helium.Imager.Addressing;
using Helium.Imager.Stores.S3;
using Microsoft.Extensions.Options;

namespace Helium.Imager.UnitTests.Stores;

/// <summary>The server's SigV4 signer against the AWS SDK's, header for header, on the requests the
/// server makes: any difference in the canonical request, the key or the scope changes the signature.</summary>
public sealed class S3RequestSignerTests
{
    private const string AccessKey = "HELIUMTESTACCESSKEY1";
    private const string SecretKey = "heliumTestSecretKey0123456789abcdefABCDEF";

    public static TheoryData<string, string> Keys => new()
    {
        { "http://127.0.0.1:7480", "cat.jpg" },
        { "http://127.0.0.1:7480/", "2024/ct 1.dcm" },
        { "http://store.example", "a+b&c=d?.jpg" },
        { "https://s3.eu-west-1.amazonaws.com", "ü/100%/!$'()*,;:@-_.~" },
        { "http://127.0.0.1:7480", "renditions/2e/2e26c51553458bad4ce61d794385abb0/c224b9518ab04eaa49c6f5c35723b1e13b579133066d2a66bd91f731eca3f53e" },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_get_or_head_is_signed_as_the_sdk_signs_it(string service, string key)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            AssertSameAsSdk(service, key, method, body: null, metadata: []);
        }
    }

    [Fact]
    public void A_put_signs_its_body_and_its_metadata_headers()
    {
        var body = "a rendition's bytes"u8.ToArray();
        AssertSameAsSdk("http://127.0.0.1:7480", "renditions/ab/cd.webp", HttpMethod.Put, body,
            [("x-amz-meta-helium-label-patient", "  Doe,  John  "), ("X-Amz-Meta-Helium-Label-Study", "CT")]);
    }

    [Fact]
    public void A_new_day_gets_its_own_signing_key()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 12, 3, 23, 59, 59, TimeSpan.Zero));
        var signer = Signer(clock);
        foreach (var now in new[] { clock.Now, clock.Now.AddSeconds(1), clock.Now.AddDays(40) })
        {
            clock.Now = now;
            var ours = Request("http://127.0.0.1:7480", "cat.jpg", HttpMethod.Get);
            signer.Sign(ours);
            Assert.Equal(SdkHeaders(ours.RequestUri!, HttpMethod.Get, null, [], now)["Authorization"], ours.Headers.GetValues("Authorization").Single());
        }
    }

    [Fact]
    public void A_request_with_a_query_is_refused_rather_than_signed_wrongly()
    {
        var signer = Signer(new SettableClock(DateTimeOffset.UtcNow));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:7480/bucket?list-type=2");

        Assert.Throws<InvalidOperationException>(() => signer.Sign(request));
    }

    private static void AssertSameAsSdk(string service, string key, HttpMethod method, byte[]? body, (string Name, string Value)[] metadata)
    {
        var now = new DateTimeOffset(2026, 12, 3, 6, 33, 47, TimeSpan.Zero);
        using var ours = Request(service, key, method);
        foreach (var (name, value) in metadata)
        {
            ours.Headers.TryAddWithoutValidation(name, value);
        }

        Signer(new SettableClock(now)).Sign(ours, body);

        var expected = SdkHeaders(ours.RequestUri!, method, body, metadata, now);
        foreach (var name in new[] { "Authorization", "X-Amz-Date", "X-Amz-Content-SHA256" })
        {
            Assert.Equal(expected[name], ours.Headers.GetValues(name).Single());
        }
    }

    /// <summary>What the AWS SDK's SigV4 signer gives for the same request at the same instant.</summary>
    private static Dictionary<string, string> SdkHeaders(Uri uri, HttpMethod method, byte[]? body, (string Name, string Value)[] metadata, DateTimeOffset now)
    {
        var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = uri, Content = body };
        signing.Headers["host"] = uri.Authority;
        foreach (var (name, value) in metadata)
        {
            signing.Headers[name] = value.Trim();
        }

        var signed = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
            Region = RegionEndpoint.USEast1,
            Service = "s3",
            SignPayload = true,
            SignedAt = now.UtcDateTime,
        });
        return signed.Headers.ToDictionary(header => header.Key, header => header.Value, StringComparer.OrdinalIgnoreCase);
    }

    private static HttpRequestMessage Request(string service, string key, HttpMethod method) =>
        new(method, S3ObjectUrl.For(new Uri(service), new ObjectAddress("scans", key)));

    private static S3RequestSigner Signer(TimeProvider clock) =>
        new(Options.Create(new S3Options { ServiceUrl = "http://127.0.0.1:7480", AccessKey = AccessKey, SecretKey = SecretKey }), clock);

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
