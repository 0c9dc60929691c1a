using Prometheus;

namespace Helium.Imager.Diagnostics;

/// <summary>
/// Everything this server instance counts, exported at /metrics in the Prometheus text format. Each
/// server has its own registry (tests run several servers in one process); process and .NET runtime
/// metrics are added to it.
/// </summary>
public sealed class HeliumMetrics
{
    // 1 ms to 33 s: a cache hit lands in the first buckets, a cold PDF render near the middle.
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.001, 2, 16);

    private readonly Counter _requests;
    private readonly Histogram _requestDuration;
    private readonly Counter _responseBytes;
    private readonly Counter _problems;
    private readonly Counter _storeBytesRead;
    private readonly Counter _cacheLookups;
    private readonly Counter _cacheStoreFailures;
    private readonly Counter _cacheStoreConflicts;
    private readonly Counter _cacheEvictions;
    private readonly Counter _storeRequests;
    private readonly Histogram _renderDuration;
    private readonly Counter _events;
    private readonly Counter _warmed;
    private readonly Counter _purged;

    public HeliumMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter("helium_http_requests_total", "HTTP requests answered, by route kind and status code.", ["kind", "status"]);
        _requestDuration = factory.CreateHistogram("helium_http_request_duration_seconds", "Time from request to the last byte of the response, by route kind.", ["kind"], new HistogramConfiguration { Buckets = LatencyBuckets });
        _responseBytes = factory.CreateCounter("helium_http_response_bytes_total", "Response body bytes written, by route kind.", ["kind"]);
        _storeBytesRead = factory.CreateCounter("helium_store_bytes_read_total", "Bytes read from the store, by purpose: pass-through (objects streamed to clients), source (sources read for renders), cache (renditions read from the cache bucket or folder).", ["purpose"]);
        _problems = factory.CreateCounter("helium_problems_total", "Problem answers (application/problem+json), by problem type: overloaded, client-overloaded, store-unavailable, transform-timeout, unprocessable-source …", ["type"]);
        _cacheLookups = factory.CreateCounter("helium_cache_lookups_total", "Rendition cache lookups, by outcome (hit, miss).", ["outcome"]);
        _cacheStoreFailures = factory.CreateCounter("helium_cache_store_failures_total", "Renditions served but not stored in the cache.");
        _cacheEvictions = factory.CreateCounter("helium_cache_evictions_total", "Renditions deleted from the cache folder to keep it within Cache:MaxBytes.");
        _cacheStoreConflicts = factory.CreateCounter("helium_cache_store_conflicts_total", "Renditions another instance had stored first (the write did not replace them).");
        _storeRequests = factory.CreateCounter("helium_store_requests_total", "Requests to the object store made for transforms (sources and renditions).");
        _renderDuration = factory.CreateHistogram("helium_render_duration_seconds", "Time to decode and render one source, by source type (jpeg, png, pdf, dicom …).", ["source"], new HistogramConfiguration { Buckets = LatencyBuckets });
        TransformsInFlight = factory.CreateGauge("helium_transforms_in_flight", "Renders running now.");
        TransformsQueued = factory.CreateGauge("helium_transforms_queued", "Renders waiting for a slot.");
        _events = factory.CreateCounter("helium_events_received_total", "Bucket event records received, by kind (created, removed, other).", ["kind"]);
        _warmed = factory.CreateCounter("helium_warm_renders_total", "Background work asked for by bucket events, by outcome (rendered, cached: already there, indexed: a large object's frames located ahead of requests, failed, dropped: queue full).", ["outcome"]);
        _purged = factory.CreateCounter("helium_events_purged_renditions_total", "Renditions deleted because their source was deleted.");
        // Not exported until a readiness probe has asked the store: 0 before that would read as an outage.
        StoreUp = factory.CreateGauge("helium_store_up", "Whether the object store answered the last readiness probe (/readyz) (1) or not (0); absent until the first probe.", new GaugeConfiguration { SuppressInitialValue = true });
        WarmQueued = factory.CreateGauge("helium_warm_queued", "Background work from bucket events waiting to be done.");
        // What the runtime may use: the container's memory limit (cgroup) or else the machine's memory;
        // alerts compare the process's working set with it.
        factory.CreateGauge("helium_memory_limit_bytes", "The memory this process may use: its container's limit, or the machine's memory.")
            .Set(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        factory.CreateGauge("helium_build_info", "Always 1; the release and the commit it was built from, as labels (a dashboard shows which instances run which).", ["version", "commit"])
            .WithLabels(BuildInfo.Version, BuildInfo.Commit ?? "unknown").Set(1);
        CacheWritesPending = factory.CreateGauge("helium_cache_writes_pending", "Renditions already answered and still being written to the cache.");
    }

    public CollectorRegistry Registry { get; }

    internal Gauge TransformsInFlight { get; }

    internal Gauge TransformsQueued { get; }

    internal Gauge CacheWritesPending { get; }

    internal Gauge WarmQueued { get; }

    internal Gauge StoreUp { get; }

    public long Renders => (long)_renderDuration.GetAllLabelValues().Sum(labels => _renderDuration.WithLabels(labels).Count);

    public long CacheHits => (long)_cacheLookups.WithLabels("hit").Value;

    public long CacheMisses => (long)_cacheLookups.WithLabels("miss").Value;

    public long CacheStoreFailures => (long)_cacheStoreFailures.Value;

    public long CacheStoreConflicts => (long)_cacheStoreConflicts.Value;

    public long StoreRequests => (long)_storeRequests.Value;

    internal void Answered(string kind, int status, TimeSpan duration, long bytes, string? problem)
    {
        if (problem is not null)
        {
            _problems.WithLabels(problem).Inc();
        }

        if (kind == RouteKind.PassThrough && problem is null && bytes > 0)
        {
            // A pass-through's body is the store's, streamed as it arrives (a problem's is the server's).
            StoreRead(StoreReadPurpose.PassThrough, bytes);
        }

        _requests.WithLabels(kind, StatusLabel(status)).Inc();
        _requestDuration.WithLabels(kind).Observe(duration.TotalSeconds);
        if (bytes > 0)
        {
            _responseBytes.WithLabels(kind).Inc(bytes);
        }
    }

    internal void Hit() => _cacheLookups.WithLabels("hit").Inc();

    internal void Missed() => _cacheLookups.WithLabels("miss").Inc();

    internal void StoreFailed() => _cacheStoreFailures.Inc();

    internal void StoredElsewhere() => _cacheStoreConflicts.Inc();

    internal void Evicted(int renditions) => _cacheEvictions.Inc(renditions);

    internal void StoreRequested() => _storeRequests.Inc();

    internal void StoreRead(string purpose, long bytes) => _storeBytesRead.WithLabels(purpose).Inc(bytes);

    internal void EventReceived(string kind) => _events.WithLabels(kind).Inc();

    internal void Warmed(string outcome) => _warmed.WithLabels(outcome).Inc();

    internal void Purged(int renditions) => _purged.Inc(renditions);

    internal void Rendered(string source, TimeSpan duration) => _renderDuration.WithLabels(source).Observe(duration.TotalSeconds);

    // Status codes are a small fixed set; caching their strings avoids an allocation a request.
    private static readonly string[] StatusLabels = Enumerable.Range(0, 600).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string StatusLabel(int status) => status is >= 0 and < 600 ? StatusLabels[status] : "other";
}
