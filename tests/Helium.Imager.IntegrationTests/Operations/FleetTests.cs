using System.Net;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>
/// Several instances as one: three server processes sharing one cache bucket on radosgw, behind HAProxy
/// with the shipped configuration (deploy/haproxy/haproxy.cfg, its ports moved to free ones).
/// </summary>
[Collection(RunAlone.Name)]
public sealed class FleetTests : IAsyncLifetime
{
    private const string Source = "photos/landscape.jpg";
    private readonly Amazon.S3.AmazonS3Client _s3 = Radosgw.CreateClient();
    private readonly string _bucket = Radosgw.UniqueBucket("fleet");
    private readonly string _cache = Radosgw.UniqueBucket("fleet-cache");

    public async Task InitializeAsync()
    {
        await Radosgw.CreateBucketAsync(_s3, _bucket);
        await Radosgw.CreateBucketAsync(_s3, _cache);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = Source, FilePath = Fixture.Path("raster/Landscape_1.jpg"), ContentType = "image/jpeg" });
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Balanced_by_uri_a_new_rendition_is_rendered_once_across_the_fleet()
    {
        var (renders, conflicts, stored, bodies) = await AskAtOnceAsync(balance: null, "thumbnail=190x190&quality=71");

        Assert.Equal(1, renders);
        Assert.Equal(0, conflicts);
        Assert.Single(stored);
        Assert.Single(bodies);
    }

    [Fact]
    public async Task Balanced_round_robin_each_instance_renders_at_most_once_and_none_replaces_another()
    {
        var (renders, conflicts, stored, bodies) = await AskAtOnceAsync(balance: "roundrobin", "thumbnail=190x190&quality=72");

        Assert.InRange(renders, 1, 3);
        Assert.Equal(renders - 1, conflicts); // Every write after the first found the rendition there.
        Assert.Single(stored);
        Assert.Single(bodies);
    }

    /// <summary>300 simultaneous requests for one new rendition through the proxy: the renders and
    /// refused writes summed over the instances, the objects in the cache bucket, the distinct bodies.</summary>
    private async Task<(double Renders, double Conflicts, List<string> Stored, HashSet<string> Bodies)> AskAtOnceAsync(string? balance, string query)
    {
        var instances = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var settings = Radosgw.ServerSettings(_bucket);
                settings["Cache:Bucket"] = _cache;
                settings["ForwardedHeaders:KnownProxies"] = "127.0.0.1";
                instances.Add(await ServerProcess.StartAsync(settings));
            }

            var port = ServerProcess.FreePort();
            var configuration = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "deploy", "haproxy.cfg")))
                .Replace("bind 127.0.0.1:8080", $"bind 127.0.0.1:{port}", StringComparison.Ordinal);
            for (var i = 0; i < 3; i++)
            {
                configuration = configuration.Replace($"127.0.0.1:{8081 + i} check", $"{instances[i].BaseAddress.Authority} check", StringComparison.Ordinal);
            }

            Assert.Contains("balance uri whole", configuration, StringComparison.Ordinal);
            Assert.Contains("hash-type consistent", configuration, StringComparison.Ordinal);
            if (balance is not null)
            {
                configuration = configuration.Replace("balance uri whole", $"balance {balance}", StringComparison.Ordinal);
            }

            await using var proxy = await HaproxyProcess.StartAsync(configuration, port);
            var url = $"/{_bucket}/{Source}?{query}";
            var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ =>
            {
                using var response = await proxy.Client.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return Convert.ToHexString(SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
            }));

            await Task.WhenAll(instances.Select(instance => ServerClient.CacheWritesSettledAsync(instance.Client)));
            var samples = await Task.WhenAll(instances.Select(instance => PrometheusSamples.ScrapeAsync(instance.Client)));
            var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _cache });
            return (samples.Sum(s => s.Total("helium_render_duration_seconds_count")), samples.Sum(s => s.Total("helium_cache_store_conflicts_total")),
                (listing.S3Objects ?? []).Where(o => o.Key.StartsWith("renditions/", StringComparison.Ordinal)).Select(o => o.Key).ToList(), [.. responses]);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }
}
