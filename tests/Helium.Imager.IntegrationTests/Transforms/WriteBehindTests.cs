using System.Net;
using Helium.Imager.Diagnostics;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>A fresh rendition is answered before it is written to the cache: a store whose writes
/// wait for the test shows the response arriving while the write is held, the instance serving the
/// rendition from memory meanwhile without rendering it again, and shutdown waiting for the write.</summary>
public sealed class WriteBehindTests : IAsyncLifetime
{
    private readonly string _store = Directory.CreateTempSubdirectory("helium-wb-store-").FullName;
    private readonly string _cache = Directory.CreateTempSubdirectory("helium-wb-cache-").FullName;
    private readonly HeldWrites _held = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_store, "photos"));
        File.Copy(Fixture.Path("raster/Landscape_1.jpg"), Path.Combine(_store, "photos", "landscape.jpg"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _held.Release();
        Directory.Delete(_store, recursive: true);
        Directory.Delete(_cache, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_miss_is_answered_while_its_rendition_is_still_being_written()
    {
        await using var server = await StartAsync();
        var metrics = server.Services.GetRequiredService<HeliumMetrics>();

        using var first = await server.Client.GetAsync("/photos/landscape.jpg?thumbnail=100x100");
        using var second = await server.Client.GetAsync("/photos/landscape.jpg?thumbnail=100x100");
        var pending = (await PrometheusSamples.ScrapeAsync(server.Client))[("helium_cache_writes_pending", "")];

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("miss", ImageResponses.CacheOutcome(first));
        Assert.Equal("hit", ImageResponses.CacheOutcome(second));
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, metrics.Renders);
        Assert.Equal(1, pending);
        Assert.Equal(0, _held.Completed);

        _held.Release();
        await ServerClient.CacheWritesSettledAsync(server.Client);
        Assert.Equal(1, _held.Completed);
        using var third = await server.Client.GetAsync("/photos/landscape.jpg?thumbnail=100x100");
        Assert.Equal("hit", ImageResponses.CacheOutcome(third));
        Assert.Equal(1, metrics.Renders);
    }

    [Fact]
    public async Task Shutdown_waits_for_writes_under_way()
    {
        var server = await StartAsync();
        using var response = await server.Client.GetAsync("/photos/landscape.jpg?thumbnail=101x101");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var stopping = server.DisposeAsync().AsTask();
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted, "the server stopped with a rendition still being written");
        _held.Release();
        await stopping;
        Assert.Equal(1, _held.Completed);
    }

    private Task<TestServer> StartAsync() => TestServer.StartAsync(
        new Dictionary<string, string?> { ["Store:Root"] = _store, ["Cache:Root"] = _cache, ["Buckets:Allowed"] = "photos" },
        services => services.AddKeyedSingleton<IRenditionCache>(MemoryRenditionCache.Behind, _held));

    /// <summary>A rendition cache that finds nothing and holds every write until released.</summary>
    private sealed class HeldWrites : IRenditionCache, IRenditionInventory
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _completed;

        public int Completed => Volatile.Read(ref _completed);

        public void Release() => _released.TrySetResult();

        public Task<CachedRendition?> OpenAsync(string cacheKey, CancellationToken cancellationToken) => Task.FromResult<CachedRendition?>(null);

        public async Task StoreAsync(string cacheKey, byte[] content, string contentType, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
        {
            await _released.Task.WaitAsync(cancellationToken);
            Interlocked.Increment(ref _completed);
        }

        public IAsyncEnumerable<StoredRendition> ListAsync(string prefix, CancellationToken cancellationToken) => AsyncEnumerable.Empty<StoredRendition>();

        public Task DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
