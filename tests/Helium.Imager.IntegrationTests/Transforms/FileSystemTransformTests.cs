using System.Net;
using Helium.Imager.Addressing;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.Renditions;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>The same pipeline on the embedded default: a folder store, renditions cached in a folder.</summary>
public sealed class FileSystemTransformTests : IAsyncLifetime
{
    private readonly string _store = Directory.CreateTempSubdirectory("helium-fs-store-").FullName;
    private readonly string _cache = Directory.CreateTempSubdirectory("helium-fs-cache-").FullName;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_store, "photos"));
        Directory.CreateDirectory(Path.Combine(_store, "private"));
        File.Copy(Fixture.Path("raster/Landscape_1.jpg"), Path.Combine(_store, "photos", "landscape.jpg"));
        File.Copy(Fixture.Path("raster/Landscape_1.jpg"), Path.Combine(_store, "private", "landscape.jpg"));
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Root"] = _store,
            ["Cache:Root"] = _cache,
            ["Buckets:Allowed"] = "photos",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_store, recursive: true);
        Directory.Delete(_cache, recursive: true);
    }

    [Fact]
    public async Task A_rendition_is_written_to_the_cache_folder_and_served_from_it()
    {
        using var first = await _server.Client.GetAsync("/photos/landscape.jpg?thumbnail=120x120");
        using var second = await _server.Client.GetAsync("/photos/landscape.jpg?thumbnail=120x120");
        await ServerClient.CacheWritesSettledAsync(_server.Client);

        Assert.Equal("miss", ImageResponses.CacheOutcome(first));
        Assert.Equal("hit", ImageResponses.CacheOutcome(second));
        Assert.Equal("image/jpeg", second.Content.Headers.ContentType?.MediaType);
        var hash = first.Headers.ETag!.Tag.Trim('"');
        var file = Path.Combine(_cache, RenditionKey.ObjectKey(new ObjectAddress("photos", "landscape.jpg"), hash));
        Assert.Equal(await File.ReadAllBytesAsync(file), await second.Content.ReadAsByteArrayAsync());
        Assert.Empty(Directory.GetFiles(_cache, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_bucket_outside_the_allowlist_is_403_for_transforms_too()
    {
        using var response = await _server.Client.GetAsync("/private/landscape.jpg?w=10");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "bucket-not-allowed");
    }

    [Fact]
    public async Task A_changed_file_gets_a_new_rendition()
    {
        var path = Path.Combine(_store, "photos", "changing.jpg");
        File.Copy(Fixture.Path("raster/Landscape_1.jpg"), path);
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Root"] = _store,
            ["Cache:Root"] = _cache,
            ["Cache:SourceRecheck"] = "00:00:00",
        });

        using var before = await server.Client.GetAsync("/photos/changing.jpg?w=100");
        File.Copy(Fixture.Path("raster/Portrait_5.jpg"), path, overwrite: true);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        using var after = await server.Client.GetAsync("/photos/changing.jpg?w=100");

        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal("miss", ImageResponses.CacheOutcome(after));

        // And it is the new file's picture: the upright portrait, not the landscape again.
        using var old = await ImageResponses.ImageOf(before);
        using var current = await ImageResponses.ImageOf(after);
        Assert.Equal((100, 75), ((int)old.Width, (int)old.Height));
        Assert.Equal((100, 133), ((int)current.Width, (int)current.Height));
    }
}
