using System.Net;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// A source replaced while its version is remembered (Cache:SourceRecheck) is read pinned to that
/// version (If-Match in S3, the opened file's validator in a folder), so the change is noticed at the
/// next render: that render starts again from a fresh HEAD, under the new version's key, and the
/// renditions of the old version stop being served at once. Unpinned, the new bytes were rendered
/// under the old version's key, and the old renditions kept being served until the recheck.
/// </summary>
public sealed class SourcePinningTests
{
    private const string A = "raster/Landscape_1.jpg";
    private const string B = "raster/Portrait_5.jpg";

    [Fact]
    public async Task A_source_replaced_in_radosgw_is_read_at_its_new_version()
    {
        using var s3 = Radosgw.CreateClient();
        var (bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(s3, "pin");
        Task Put(string fixture) => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "photo.jpg", FilePath = Fixture.Path(fixture) });
        await Put(A);
        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = cache;
        settings["Cache:SourceRecheck"] = "00:10:00";
        await using var server = await TestServer.StartAsync(settings);

        await TheReplacementIsSeenAtTheNextRenderAsync(server.Client, $"/{bucket}/photo.jpg", () => Put(B));

        // Read: A once, then B for each of the two renders; the refused read of A's version, nothing.
        var metrics = await PrometheusSamples.ScrapeAsync(server.Client);
        Assert.Equal(new FileInfo(Fixture.Path(A)).Length + (2 * new FileInfo(Fixture.Path(B)).Length), metrics[("helium_store_bytes_read_total", "purpose=\"source\"")]);
    }

    [Fact]
    public async Task A_source_replaced_in_a_folder_is_read_at_its_new_version()
    {
        var store = new FolderStore("pin");
        try
        {
            var file = Path.Combine(store.Bucket("photos"), "photo.jpg");
            File.Copy(Fixture.Path(A), file);
            var settings = store.Settings;
            settings["Cache:SourceRecheck"] = "00:10:00";
            await using var server = await TestServer.StartAsync(settings);

            await TheReplacementIsSeenAtTheNextRenderAsync(server.Client, "/photos/photo.jpg", () =>
            {
                File.Copy(Fixture.Path(B), file + ".new");
                File.Move(file + ".new", file, overwrite: true);
                return Task.CompletedTask;
            });
        }
        finally
        {
            store.Delete();
        }
    }

    private static async Task TheReplacementIsSeenAtTheNextRenderAsync(HttpClient client, string path, Func<Task> replace)
    {
        Assert.True(await IsLandscapeAsync(client, $"{path}?w=50"));
        await replace();

        // A new rendition: its render reads the source, finds it replaced, and starts again.
        Assert.False(await IsLandscapeAsync(client, $"{path}?w=60"));

        // The old version's rendition is no longer served: the new version is known now.
        using var again = await client.GetAsync($"{path}?w=50");
        Assert.Equal("miss", ImageResponses.CacheOutcome(again));
        using var image = await ImageResponses.ImageOf(again);
        Assert.True(image.Height > image.Width, $"{image.Width}x{image.Height}: the old version's rendition");
    }

    private static async Task<bool> IsLandscapeAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var image = await ImageResponses.ImageOf(response);
        return image.Width > image.Height;
    }
}
