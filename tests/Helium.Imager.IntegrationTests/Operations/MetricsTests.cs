using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>/metrics, read the way Prometheus reads it, after requests of each route kind.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private readonly FolderStore _store = new("metrics");
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _store.Add("photos", "raster/Landscape_1.jpg", "landscape.jpg");
        _store.Add("photos", "dicom/CT_small.dcm", "ct.dcm");
        await File.WriteAllTextAsync(Path.Combine(_store.Bucket("photos"), "notes.txt"), "not an image");
        _server = await TestServer.StartAsync(_store.Settings);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _store.Delete();
    }

    [Fact]
    public async Task Requests_are_counted_by_route_kind_and_status()
    {
        var passedThrough = await GetAsync("/photos/landscape.jpg", HttpStatusCode.OK);
        await GetAsync("/photos/landscape.jpg?w=90", HttpStatusCode.OK);
        await GetAsync("/photos/landscape.jpg?w=90", HttpStatusCode.OK);
        await GetAsync("/photos/ct.dcm?w=64", HttpStatusCode.OK);
        await GetAsync("/photos/notes.txt?w=90", HttpStatusCode.UnsupportedMediaType);
        await GetAsync("/photos/landscape.jpg?w=-1", HttpStatusCode.BadRequest);
        passedThrough += await GetAsync("/photos/missing.jpg", HttpStatusCode.NotFound);
        await GetAsync("/healthz", HttpStatusCode.OK);

        var metrics = await ScrapeAsync();

        Assert.Equal(2, metrics[("helium_http_requests_total", "kind=\"pass-through\",status=\"")]);
        Assert.Equal(1, metrics[("helium_http_requests_total", "kind=\"pass-through\",status=\"200\"")]);
        Assert.Equal(1, metrics[("helium_http_requests_total", "kind=\"pass-through\",status=\"404\"")]);
        Assert.Equal(2, metrics[("helium_http_requests_total", "kind=\"transform-miss\",status=\"200\"")]);
        Assert.Equal(1, metrics[("helium_http_requests_total", "kind=\"transform-hit\",status=\"200\"")]);
        Assert.Equal(1, metrics[("helium_http_requests_total", "kind=\"transform-failed\",status=\"415\"")]);
        Assert.Equal(1, metrics[("helium_http_requests_total", "kind=\"transform-failed\",status=\"400\"")]);
        Assert.Equal(1, metrics[("helium_http_requests_total", "kind=\"health\",status=\"200\"")]);
        Assert.Equal(1, metrics[("helium_problems_total", "type=\"unsupported-source\"")]);
        Assert.Equal(1, metrics[("helium_problems_total", "type=\"invalid-query\"")]);
        Assert.Equal(1, metrics[("helium_problems_total", "type=\"not-found\"")]);
        Assert.Equal(3, metrics.Total("helium_problems_total"));
        Assert.Equal(passedThrough, metrics[("helium_http_response_bytes_total", "kind=\"pass-through\"")], precision: 0);
        Assert.Equal(2, metrics[("helium_http_request_duration_seconds_count", "kind=\"pass-through\"")]);
        Assert.Equal(1, metrics[("helium_cache_lookups_total", "outcome=\"hit\"")]);
        Assert.Equal(3, metrics[("helium_cache_lookups_total", "outcome=\"miss\"")]);
        Assert.Equal(1, metrics[("helium_render_duration_seconds_count", "source=\"jpeg\"")]);
        Assert.Equal(1, metrics[("helium_render_duration_seconds_count", "source=\"dicom\"")]);
        Assert.Equal(0, metrics[("helium_transforms_in_flight", "")]);
        Assert.Equal(0, metrics[("helium_transforms_queued", "")]);
        Assert.Equal(0, metrics[("helium_cache_store_failures_total", "")]);
        Assert.True(metrics[("process_working_set_bytes", "")] > 0);
        Assert.True(metrics[("helium_memory_limit_bytes", "")] >= metrics[("process_working_set_bytes", "")]);
    }

    /// <summary>helium_store_bytes_read_total: what pass-through streamed, what renders read as
    /// sources, and what hits read from the cache folder (memory off, so the hit is the store's).</summary>
    [Fact]
    public async Task Store_reads_are_counted_by_purpose()
    {
        var settings = _store.Settings;
        settings["Cache:MemoryBytes"] = "0";
        settings["Cache:Root"] = Path.Combine(_store.Root, ".cache-reads");
        await using var server = await TestServer.StartAsync(settings);
        var source = new FileInfo(Path.Combine(_store.Bucket("photos"), "landscape.jpg")).Length;

        Assert.Equal(source, (await server.Client.GetByteArrayAsync("/photos/landscape.jpg")).Length);
        var rendition = (await server.Client.GetByteArrayAsync("/photos/landscape.jpg?w=91")).Length;
        await ServerClient.CacheWritesSettledAsync(server.Client);
        using (var hit = await server.Client.GetAsync("/photos/landscape.jpg?w=91"))
        {
            Assert.Equal("hit", ImageResponses.CacheOutcome(hit));
            Assert.Equal(rendition, (await hit.Content.ReadAsByteArrayAsync()).Length);
        }

        using (var missing = await server.Client.GetAsync("/photos/missing.jpg"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode); // a problem body is not the store's
        }

        var metrics = await PrometheusSamples.ScrapeAsync(server.Client);
        Assert.Equal(source, metrics[("helium_store_bytes_read_total", "purpose=\"pass-through\"")]);
        Assert.Equal(source, metrics[("helium_store_bytes_read_total", "purpose=\"source\"")]);
        Assert.Equal(rendition, metrics[("helium_store_bytes_read_total", "purpose=\"cache\"")]);
    }

    /// <summary>The body's length.</summary>
    private async Task<long> GetAsync(string url, HttpStatusCode expected)
    {
        using var response = await _server.Client.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(expected, response.StatusCode);
        return body.Length;
    }

    private Task<PrometheusSamples> ScrapeAsync() => PrometheusSamples.ScrapeAsync(_server.Client);
}
