using System.Net;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.PassThrough;

/// <summary>A 256 MiB private object in radosgw, read through the server.</summary>
public sealed class LargeObjectFixture : IAsyncLifetime
{
    public const long Size = 256L * 1024 * 1024;

    public Amazon.S3.AmazonS3Client S3 { get; } = Radosgw.CreateClient();

    public string Bucket { get; } = Radosgw.UniqueBucket("large");

    public const string Key = "scans/big object.bin";

    public byte[] Sha256 { get; private set; } = [];

    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Radosgw.CreateBucketAsync(S3, Bucket);
        var file = Path.GetTempFileName();
        try
        {
            // Seeded pseudo-random bytes: incompressible, and a mix-up of any block changes the hash.
            await using (var output = File.Create(file))
            {
                var random = new Random(20261125);
                var block = new byte[1024 * 1024];
                for (var written = 0L; written < Size; written += block.Length)
                {
                    random.NextBytes(block);
                    await output.WriteAsync(block);
                }
            }

            await using (var input = File.OpenRead(file))
            {
                Sha256 = await SHA256.HashDataAsync(input);
            }

            await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Key, FilePath = file, ContentType = "application/octet-stream" });
        }
        finally
        {
            File.Delete(file);
        }

        Server = await TestServer.StartAsync(Radosgw.ServerSettings(Bucket));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        S3.Dispose();
    }
}

/// <summary>Runs alone: its allocation bound is measured process-wide, which parallel tests would blur.</summary>
[Collection(RunAlone.Name)]
public sealed class LargeObjectTests(LargeObjectFixture fixture) : IClassFixture<LargeObjectFixture>
{
    private string ObjectPath => StoreUnderTest.PathOf(fixture.Bucket, LargeObjectFixture.Key);

    [Fact]
    public async Task A_256_MiB_object_streams_through_byte_for_byte_without_being_buffered()
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await fixture.Server.Client.GetAsync(ObjectPath, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LargeObjectFixture.Size, response.Content.Headers.ContentLength);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[128 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(LargeObjectFixture.Size, total);
        Assert.Equal(fixture.Sha256, hash.GetHashAndReset());

        // Server and client share this process: had either side held the body in memory, at least
        // 256 MiB would have been allocated. Streaming with pooled buffers allocates a few MiB.
        Assert.True(allocated < 32L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated while streaming 256 MiB");
    }

    [Fact]
    public async Task A_range_deep_inside_the_large_object_returns_the_same_bytes_as_the_store()
    {
        const long first = 200L * 1024 * 1024 + 7;
        using var request = new HttpRequestMessage(HttpMethod.Get, ObjectPath);
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(first, first + 65535);
        using var response = await fixture.Server.Client.SendAsync(request);

        var direct = await fixture.S3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = fixture.Bucket,
            Key = LargeObjectFixture.Key,
            ByteRange = new ByteRange(first, first + 65535),
        });
        using var expected = new MemoryStream();
        await direct.ResponseStream.CopyToAsync(expected);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(expected.ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_body_cancels_the_upstream_read()
    {
        // A server of its own, reading the store through a relay that counts what the store sends.
        await using var relay = new CountingRelay(new Uri(Radosgw.Url));
        var settings = Radosgw.ServerSettings(fixture.Bucket);
        settings["S3:ServiceUrl"] = relay.Url.AbsoluteUri;
        await using var server = await TestServer.StartAsync(settings);

        using (var response = await server.Client.GetAsync(ObjectPath, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1024 * 1024];
            await body.ReadExactlyAsync(buffer);
        }

        // The store stopped sending: what it sent is the client's megabyte and what the buffers held
        // (at loopback speed the whole object takes under a second). Event 10: the forwarder saw
        // the client go away and abandoned the store request.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var sent = relay.BytesFromTarget;
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(sent < 64L * 1024 * 1024 && relay.BytesFromTarget == sent, $"the store sent {sent / (1024 * 1024)} MiB of {LargeObjectFixture.Size / (1024 * 1024)}, then {relay.BytesFromTarget / (1024 * 1024)} MiB");
        Assert.True(await server.Logs.WaitForAsync(eventId: 10, TimeSpan.FromSeconds(10)), "the server did not report the aborted pass-through");

        using var after = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
