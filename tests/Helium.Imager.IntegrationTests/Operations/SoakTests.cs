using System.Diagnostics;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>
/// A soak of the real executable on radosgw: mixed traffic at the server's capacity (pass-through,
/// hits, misses of every kind of source, bad requests and damaged files) for HELIUM_SOAK_SECONDS (30 s
/// in CI; bench/soak.sh runs ten minutes), then its memory, descriptors, temporary files and child
/// processes against what it had after a warm-up.
/// </summary>
[Collection(RunAlone.Name)]
public sealed class SoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Sources =
        ["raster/Landscape_1.jpg", "raster/4.webp", "raster/animated-loop-3.gif", "raster/Flag_of_the_Netherlands-alpha.png", "raster/G31D.TIF", "raster/pitm.avif",
         "pdf/pdflatex-4-pages.pdf", "dicom/CT_small.dcm", "dicom/JPEG2000.dcm"];

    private readonly Amazon.S3.AmazonS3Client _s3 = Radosgw.CreateClient();
    private readonly string _bucket = Radosgw.UniqueBucket("soak");
    private readonly string _cache = Radosgw.UniqueBucket("soak-cache");
    private readonly string _temp = Directory.CreateTempSubdirectory("helium-soak-tmp-").FullName;

    public async Task InitializeAsync()
    {
        await Radosgw.CreateBucketAsync(_s3, _bucket);
        await Radosgw.CreateBucketAsync(_s3, _cache);
        foreach (var fixture in Sources)
        {
            var bytes = Fixture.Bytes(fixture);
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = Path.GetFileName(fixture), FilePath = Fixture.Path(fixture) });
            using var half = new MemoryStream(bytes[..(bytes.Length / 2)]);
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "half-" + Path.GetFileName(fixture), InputStream = half });
        }
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        Directory.Delete(_temp, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Mixed_traffic_at_capacity_leaves_nothing_behind()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("HELIUM_SOAK_SECONDS"), out var given) ? given : 30;
        var settings = Radosgw.ServerSettings(_bucket);
        settings["Cache:Bucket"] = _cache;
        settings["Limits:MaxConcurrentTransforms"] = "2";
        settings["Limits:QueueLength"] = "16";
        await using var server = await ServerProcess.StartAsync(settings, new Dictionary<string, string> { ["TMPDIR"] = _temp });

        // Warm-up: the same traffic for a few seconds, so that decoders, workers, pools and heaps have
        // their working size before the baseline; what grows after it is what the traffic leaves behind.
        await MixAsync(server, TimeSpan.FromSeconds(5), new System.Collections.Concurrent.ConcurrentDictionary<int, int>(), missesFrom: 0);
        var before = await SettledSnapshotAsync(server);
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        await MixAsync(server, TimeSpan.FromSeconds(seconds), statuses, missesFrom: 10_000_000);

        var after = await SettledSnapshotAsync(server);
        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}"));
        output.WriteLine($"soak {seconds} s, 12 clients: {statuses.Values.Sum()} requests ({summary})");
        output.WriteLine($"before: {before}");
        output.WriteLine($"after:  {after}");

        Assert.True(statuses.Keys.All(status => status < 500 || status == 503), summary);
        Assert.True(statuses.GetValueOrDefault(200) > 0, summary);
        Assert.InRange(after.Resident, 0, before.Resident + 64);
        Assert.InRange(after.Files, 0, before.Files + 4);
        Assert.InRange(after.Sockets, 0, before.Sockets + 32); // never one a request: 45 000 requests a 30 s run
        Assert.Equal(before.TempFiles, after.TempFiles);
        Assert.Equal(before.Children, after.Children);
    }

    /// <summary>Twelve clients, each request one of: pass-through, a (mostly cached) thumbnail, a new
    /// rendition, a damaged source, a bad query, a bucket that is not allowed.</summary>
    private async Task MixAsync(ServerProcess server, TimeSpan duration, System.Collections.Concurrent.ConcurrentDictionary<int, int> statuses, int missesFrom)
    {
        var names = Sources.Select(Path.GetFileName).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker + missesFrom);
            var served = 0;
            while (clock.Elapsed < duration)
            {
                var name = names[random.Next(names.Length)];
                var url = random.Next(8) switch
                {
                    0 or 1 => $"/{_bucket}/{name}",
                    2 or 3 => $"/{_bucket}/{name}?w={100 + random.Next(4)}",
                    4 => $"/{_bucket}/{name}?w={200 + missesFrom + (worker * 100000) + served}",
                    5 => $"/{_bucket}/half-{name}?w={120 + random.Next(50)}",
                    6 => $"/{_bucket}/{name}?w=abc",
                    _ => $"/no-such-bucket-{random.Next(3)}/{name}",
                };
                using var response = await server.Client.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                served++;
            }
        })));
    }

    private async Task<Usage> SettledSnapshotAsync(ServerProcess server)
    {
        await server.SettledMemoryAsync();
        await Task.Delay(1000); // connections to the store idle out of the pool's reach
        return Snapshot(server);
    }

    /// <summary>Sockets apart from other descriptors: kept-alive client connections and pooled store
    /// connections come and go with the traffic's shape; files and pipes must not.</summary>
    private Usage Snapshot(ServerProcess server)
    {
        var descriptors = Directory.GetFiles($"/proc/{server.Id}/fd").Select(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget ?? "";
            }
            catch (IOException)
            {
                return ""; // closed in between
            }
        }).ToList();
        var sockets = descriptors.Count(target => target.StartsWith("socket:", StringComparison.Ordinal));
        return new(server.Memory().Resident, descriptors.Count - sockets, sockets,
            Directory.GetFileSystemEntries(_temp, "*", SearchOption.AllDirectories).Length, server.ChildCommandLines().Count);
    }

    private sealed record Usage(double Resident, int Files, int Sockets, int TempFiles, int Children)
    {
        public override string ToString() => $"{Resident:0} MiB resident, {Files} file descriptors and {Sockets} sockets, {TempFiles} temporary files, {Children} child processes";
    }
}
