using System.Net;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>
/// The store over HTTPS with a certificate from a private authority (a hospital's internal CA in
/// front of MinIO), as the README's upgrade section tells an administrator to set it up: the server
/// trusts the authority through SSL_CERT_FILE (the system's trust store on a Debian host after
/// update-ca-certificates); without it, the store is unreachable and answers say so.
/// </summary>
public sealed class StoreTlsTests
{
    [Fact]
    public async Task A_store_signed_by_a_private_authority_is_read_once_it_is_trusted()
    {
        using var s3 = Radosgw.CreateClient();
        var (bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(s3, "tls");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "photo.jpg", FilePath = Fixture.Path("raster/Landscape_1.jpg") });

        using var certificates = TestCertificates.Create();
        await using var https = new CountingRelay(new Uri(Radosgw.Url), certificates.Server);
        var authority = Path.Combine(Path.GetTempPath(), $"helium-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(authority, certificates.AuthorityPem);
        try
        {
            var settings = Radosgw.ServerSettings(bucket);
            settings["S3:ServiceUrl"] = https.Url.ToString().TrimEnd('/');
            settings["Cache:Bucket"] = cache;

            await using (var untrusting = await ServerProcess.StartAsync(settings))
            {
                using var refused = await untrusting.Client.GetAsync($"/{bucket}/photo.jpg?w=64");
                Assert.True(refused.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}");
                Assert.Equal(0, https.BytesFromTarget);
            }

            await using var trusting = await ServerProcess.StartAsync(settings, new Dictionary<string, string> { ["SSL_CERT_FILE"] = authority });
            using var rendition = await trusting.Client.GetAsync($"/{bucket}/photo.jpg?w=64");
            Assert.Equal(HttpStatusCode.OK, rendition.StatusCode);
            Assert.Equal("image/jpeg", rendition.Content.Headers.ContentType?.MediaType);
            using var original = await trusting.Client.GetAsync($"/{bucket}/photo.jpg");
            Assert.Equal(HttpStatusCode.OK, original.StatusCode);
            Assert.Equal(new FileInfo(Fixture.Path("raster/Landscape_1.jpg")).Length, (await original.Content.ReadAsByteArrayAsync()).Length);
            Assert.True(https.BytesFromTarget > 0);
        }
        finally
        {
            File.Delete(authority);
        }
    }
}
