using System.Net;
using Amazon.S3.Model;
using Helium.Imager.Addressing;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.Renditions;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>A cache that stays bounded: the folder cache evicts what is least used beyond
/// Cache:MaxBytes; <c>cache prune</c> deletes old renditions from a cache bucket; a rendition of a
/// source that is gone is not served.</summary>
public sealed class BoundedCacheTests
{
    [Fact]
    public async Task The_cache_folder_keeps_within_max_bytes_and_keeps_what_is_used()
    {
        var folder = new FolderStore("evict");
        try
        {
            folder.Add("photos", "raster/Landscape_1.jpg", "landscape.jpg");
            var settings = folder.Settings;
            settings["Cache:MaxBytes"] = "20000";
            settings["Cache:EvictionInterval"] = "00:00:00.300";
            settings["Cache:MemoryBytes"] = "0"; // Every hit reads the folder, as after a restart.
            await using var server = await TestServer.StartAsync(settings);
            string Url(int width) => $"/photos/landscape.jpg?w={width}&quality=80";

            var hashes = new List<string>();
            for (var width = 100; width < 112; width++)
            {
                using var response = await server.Client.GetAsync(Url(width));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                hashes.Add(response.Headers.ETag!.Tag.Trim('"'));
                using var favourite = await server.Client.GetAsync(Url(100)); // the one in use
                Assert.Equal(HttpStatusCode.OK, favourite.StatusCode);
            }

            var cache = Path.Combine(folder.Root, ".cache", "renditions");
            long Held() => Directory.GetFiles(cache, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".type", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
            bool Kept(int index) => File.Exists(Path.Combine(folder.Root, ".cache", RenditionKey.ObjectKey(new ObjectAddress("photos", "landscape.jpg"), hashes[index])));
            var written = Held(); // (some may be gone already)
            await Task.Delay(1000);

            Assert.True(written > 20000, $"only {written} bytes were written: the test proves nothing");
            Assert.InRange(Held(), 1, 20000);
            Assert.True(Kept(0), "the rendition in use was evicted");
            Assert.False(Kept(1), "the least recently used rendition is still there");
            Assert.True(Kept(hashes.Count - 1), "the newest rendition was evicted");
            Assert.Contains(server.Logs.Entries, entry => entry.EventId == 32);
            using var again = await server.Client.GetAsync(Url(101));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal("miss", again.Headers.GetValues("X-Imager-Cache").Single());
        }
        finally
        {
            folder.Delete();
        }
    }

    [Fact]
    public async Task Prune_deletes_renditions_written_before_the_age_and_nothing_else()
    {
        using var s3 = Radosgw.CreateClient();
        var bucket = Radosgw.UniqueBucket("prune");
        await Radosgw.CreateBucketAsync(s3, bucket);
        foreach (var key in new[] { "renditions/aa/one", "renditions/bb/two", "other/kept" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        var written = DateTimeOffset.UtcNow;
        await Task.Delay(8000);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "renditions/cc/three", ContentBody = "new" });
        var settings = Radosgw.ServerSettings().Where(s => s.Key != "Buckets:Allowed").Select(s => $"--{s.Key}={s.Value}").Append($"--Cache:Bucket={bucket}").ToArray();

        // The cutoff 4 s after the first writes as the command starts: 4 s either side for a busy machine.
        string Age() => $"{(DateTimeOffset.UtcNow - written).TotalSeconds - 4:0}s";
        var (dryCode, dryErrors, dryOutput) = await ServerProcess.RunToExitAsync(["cache", "prune", "--older-than", Age(), "--dry-run", .. settings]);
        var keysAfterDryRun = await KeysAsync(s3, bucket);
        var (code, errors, output) = await ServerProcess.RunToExitAsync(["cache", "prune", "--older-than", Age(), .. settings]);
        var (badCode, badErrors, _) = await ServerProcess.RunToExitAsync(["cache", "prune", "--older-than", "soon", .. settings]);

        Assert.True(dryCode == 0, dryErrors);
        Assert.Contains("would delete 2 of 3 renditions", dryOutput, StringComparison.Ordinal);
        Assert.Equal(4, keysAfterDryRun.Count);
        Assert.True(code == 0, errors);
        Assert.Contains("deleted 2 of 3 renditions", output, StringComparison.Ordinal);
        Assert.Equal(["other/kept", "renditions/cc/three"], await KeysAsync(s3, bucket));
        Assert.Equal(2, badCode);
        Assert.Contains("usage: cache prune", badErrors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_source_loses_its_renditions_after_the_recheck_interval()
    {
        using var s3 = Radosgw.CreateClient();
        var bucket = Radosgw.UniqueBucket("gone");
        await Radosgw.CreateBucketAsync(s3, bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "scan.jpg", FilePath = Fixture.Path("raster/Landscape_1.jpg") });
        var cache = Radosgw.UniqueBucket("gone-cache");
        await Radosgw.CreateBucketAsync(s3, cache);
        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = cache;
        settings["Cache:SourceRecheck"] = "00:00:01";
        await using var server = await TestServer.StartAsync(settings);

        using var before = await server.Client.GetAsync($"/{bucket}/scan.jpg?thumbnail=90x90");
        using var hit = await server.Client.GetAsync($"/{bucket}/scan.jpg?thumbnail=90x90");
        await s3.DeleteObjectAsync(bucket, "scan.jpg");
        await Task.Delay(1500);
        using var after = await server.Client.GetAsync($"/{bucket}/scan.jpg?thumbnail=90x90");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("hit", hit.Headers.GetValues("X-Imager-Cache").Single());
        await ProblemAssert.IsProblemAsync(after, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Purge_deletes_every_rendition_of_one_source_and_nothing_else()
    {
        using var s3 = Radosgw.CreateClient();
        var (bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(s3, "purge");
        foreach (var key in new[] { "taken down.jpg", "kept.jpg" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = Fixture.Path("raster/Landscape_1.jpg") });
        }

        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = cache;
        await using (var server = await TestServer.StartAsync(settings))
        {
            foreach (var url in new[] { "taken%20down.jpg?w=50", "taken%20down.jpg?w=60", "taken%20down.jpg?info=true", "kept.jpg?w=50" })
            {
                using var response = await server.Client.GetAsync($"/{bucket}/{url}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await ServerClient.CacheWritesSettledAsync(server.Client);
        }

        var arguments = settings.Select(s => $"--{s.Key}={s.Value}").ToArray();
        var (code, errors, output) = await ServerProcess.RunToExitAsync(["cache", "purge", $"{bucket}/taken down.jpg", .. arguments]);
        var (badCode, badErrors, _) = await ServerProcess.RunToExitAsync(["cache", "purge", "no-key-here", .. arguments]);

        Assert.True(code == 0, errors);
        Assert.Contains($"purge: deleted 3 renditions of {bucket}/taken down.jpg", output, StringComparison.Ordinal);
        var left = await KeysAsync(s3, cache);
        Assert.Single(left);
        Assert.StartsWith(RenditionKey.SourcePrefix(new ObjectAddress(bucket, "kept.jpg")), left[0], StringComparison.Ordinal);
        Assert.Equal(2, badCode);
        Assert.Contains("cache purge BUCKET/KEY", badErrors, StringComparison.Ordinal);
    }

    private static async Task<List<string>> KeysAsync(Amazon.S3.AmazonS3Client s3, string bucket) =>
        [.. ((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal)];
}
