using Helium.Imager.Diagnostics;
using Helium.Imager.Settings;
using Helium.Imager.Stores.FileSystem;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Helium.Imager.UnitTests.Stores;

/// <summary>Servers sharing a cache folder never replace one another's renditions.</summary>
public sealed class FileSystemRenditionCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("helium-cache-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_second_write_of_a_key_leaves_the_first_in_place_and_is_counted()
    {
        var metrics = new HeliumMetrics();
        var options = Options.Create(new CacheOptions { Root = _root });
        var first = new FileSystemRenditionCache(options, new HostingEnvironment { ContentRootPath = _root }, metrics);
        var second = new FileSystemRenditionCache(options, new HostingEnvironment { ContentRootPath = _root }, metrics);

        await first.StoreAsync("renditions/ab/abc", [1, 2, 3], "image/png", new Dictionary<string, string>(), default);
        await second.StoreAsync("renditions/ab/abc", [9, 9], "image/jpeg", new Dictionary<string, string> { ["x"] = "y" }, default);

        await using var stored = await first.OpenAsync("renditions/ab/abc", default);
        using var bytes = new MemoryStream();
        await stored!.Content.CopyToAsync(bytes);
        Assert.Equal([1, 2, 3], bytes.ToArray());
        Assert.Equal("image/png", stored.ContentType);
        Assert.Equal(1, metrics.CacheStoreConflicts);
        Assert.Empty(Directory.GetFiles(_root, "*.tmp*", SearchOption.AllDirectories));
    }
}
