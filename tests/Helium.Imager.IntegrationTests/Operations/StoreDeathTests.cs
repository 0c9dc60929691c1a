using System.Net;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.IntegrationTests.PassThrough;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>The store dies under the real executable and comes back: radosgw killed by its PID in the
/// middle of a 256 MiB pass-through, then started again.</summary>
[Collection(RunAlone.Name)]
public sealed class StoreDeathTests
{
    [Fact]
    public async Task A_store_that_dies_mid_transfer_cuts_the_transfer_and_its_return_is_noticed()
    {
        using var s3 = Radosgw.CreateClient();
        var bucket = Radosgw.UniqueBucket("death");
        await Radosgw.CreateBucketAsync(s3, bucket);
        var file = Path.GetTempFileName();
        await using (var output = File.Create(file))
        {
            var block = new byte[1024 * 1024];
            new Random(20261202).NextBytes(block);
            for (var written = 0L; written < LargeObjectFixture.Size; written += block.Length)
            {
                await output.WriteAsync(block);
            }
        }

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "big.bin", FilePath = file });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "small.jpg", FilePath = Fixture.Path("raster/Landscape_1.jpg") });
        File.Delete(file);
        var settings = Radosgw.ServerSettings(bucket);
        settings["Health:StoreOutageGrace"] = "00:00:02"; // unready after a sustained outage only
        await using var server = await ServerProcess.StartAsync(settings);
        using (var ready = await server.Client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var before = server.Memory().Resident;
        var killed = false;
        try
        {
            using var response = await server.Client.GetAsync($"/{bucket}/big.bin", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(LargeObjectFixture.Size, response.Content.Headers.ContentLength);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1024 * 1024];
            var received = 0L;
            var ended = await Record.ExceptionAsync(async () =>
            {
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    received += read;
                    if (!killed && received >= 16 * 1024 * 1024)
                    {
                        await RadosgwDaemon.KillAsync();
                        killed = true;
                    }
                }
            });

            // Cut off, never a body that looks complete: an error, or fewer bytes than announced.
            Assert.True(killed);
            Assert.True(ended is not null || received < LargeObjectFixture.Size, $"{received} bytes and no error");
            Assert.True(received < LargeObjectFixture.Size, $"all {received} bytes arrived");
            Assert.True(await EventuallyAsync(server, "/readyz", HttpStatusCode.ServiceUnavailable), "/readyz did not notice the store was gone");
            Assert.Contains(server.Output, line => line.Contains("Pass-through from bucket", StringComparison.Ordinal));
        }
        finally
        {
            if (killed)
            {
                await RadosgwDaemon.StartAsync();
            }
        }

        Assert.True(await EventuallyAsync(server, "/readyz", HttpStatusCode.OK), "/readyz did not come back by itself");
        using var first = await server.Client.GetAsync($"/{bucket}/small.jpg?thumbnail=64x64");
        using var passThrough = await server.Client.GetAsync($"/{bucket}/small.jpg");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, passThrough.StatusCode);
        Assert.InRange(await server.SettledMemoryAsync(), 0, before + 64);
    }

    [Fact]
    public async Task A_short_store_outage_keeps_the_instance_ready_and_serving_what_it_holds()
    {
        using var s3 = Radosgw.CreateClient();
        var (bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(s3, "outage");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "small.jpg", FilePath = Fixture.Path("raster/Landscape_1.jpg") });
        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = cache;
        settings["Cache:SourceRecheck"] = "00:01:00"; // the source's version is remembered through the outage
        await using var server = await ServerProcess.StartAsync(settings);
        using (var first = await server.Client.GetAsync($"/{bucket}/small.jpg?w=64"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await ServerClient.CacheWritesSettledAsync(server.Client);
        using (var before = await server.Client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.Contains("\"store\":\"ok\"", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await RadosgwDaemon.KillAsync();
        try
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            var probes = 0;
            while (DateTime.UtcNow < until)
            {
                using var ready = await server.Client.GetAsync("/readyz");
                using var hit = await server.Client.GetAsync($"/{bucket}/small.jpg?w=64");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.Contains("\"store\":\"failing\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
                Assert.Equal("hit", ImageResponses.CacheOutcome(hit));
                probes++;
                await Task.Delay(250);
            }

            using var passThrough = await server.Client.GetAsync($"/{bucket}/small.jpg");
            Assert.Contains(passThrough.StatusCode, new[] { HttpStatusCode.BadGateway, HttpStatusCode.GatewayTimeout });
            Assert.Equal(0, (await PrometheusSamples.ScrapeAsync(server.Client))[("helium_store_up", "")]);
            Assert.True(probes > 5, $"only {probes} probes in 5 s");
        }
        finally
        {
            await RadosgwDaemon.StartAsync();
        }

        Assert.True(await EventuallyAsync(server, "/readyz", HttpStatusCode.OK), "/readyz did not stay ready");
        Assert.Equal(1, (await PrometheusSamples.ScrapeAsync(server.Client))[("helium_store_up", "")]);
    }

    private static async Task<bool> EventuallyAsync(ServerProcess server, string path, HttpStatusCode status)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            using var response = await server.Client.GetAsync(path);
            if (response.StatusCode == status)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }
}
