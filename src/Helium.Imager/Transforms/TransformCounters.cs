namespace Helium.Imager.Transforms;

/// <summary>What this server instance has done, for tests and operators (exported as metrics later).</summary>
public sealed class TransformCounters
{
    private long _renders;
    private long _cacheHits;
    private long _cacheMisses;
    private long _cacheStoreFailures;
    private long _storeRequests;

    public long Renders => Interlocked.Read(ref _renders);

    public long CacheHits => Interlocked.Read(ref _cacheHits);

    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    public long CacheStoreFailures => Interlocked.Read(ref _cacheStoreFailures);

    /// <summary>Requests sent to the object store for transforms (sources and renditions).</summary>
    public long StoreRequests => Interlocked.Read(ref _storeRequests);

    internal void Rendered() => Interlocked.Increment(ref _renders);

    internal void Hit() => Interlocked.Increment(ref _cacheHits);

    internal void Missed() => Interlocked.Increment(ref _cacheMisses);

    internal void StoreFailed() => Interlocked.Increment(ref _cacheStoreFailures);

    internal void StoreRequested() => Interlocked.Increment(ref _storeRequests);
}
