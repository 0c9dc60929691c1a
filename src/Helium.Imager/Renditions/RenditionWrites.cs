using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;
using Helium.Imager.Settings;
using Helium.Imager.Stores;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Renditions;

/// <summary>
/// Writes fresh renditions to the cache after their first requester has been answered: the write (a
/// PUT to the cache bucket, 5–7 ms of a 24 ms cold CT thumbnail on radosgw) is no longer on the path
/// of the response. Until it has landed the render's single flight stays open, so this instance's
/// other requests for the rendition get it from the flight, not from a second render. A failed write
/// costs a later render, never a response. Shutdown waits for writes under way (<see cref="PendingWrites"/>).
/// </summary>
internal sealed class RenditionWrites(IRenditionCache cache, PendingWrites pending, HeliumMetrics metrics, IOptions<LimitsOptions> limits, ILogger<RenditionWrites> logger)
{
    /// <summary>Stores <paramref name="output"/> under <paramref name="objectKey"/>; completes when it is
    /// stored or has failed (never faults).</summary>
    public Task WriteAsync(ObjectAddress source, string objectKey, RenderedObject output)
    {
        var write = StoreAsync(source, objectKey, output);
        pending.Track(write);
        return write;
    }

    private async Task StoreAsync(ObjectAddress source, string objectKey, RenderedObject output)
    {
        // Off the request's thread: the caller answers its client meanwhile.
        await Task.Yield();
        using var timeout = new CancellationTokenSource(limits.Value.TransformTimeout);
        try
        {
            await cache.StoreAsync(objectKey, output.Content, output.ContentType, output.Labels, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The client has its image; the next request renders again.
            metrics.StoreFailed();
            Log.CacheStoreFailed(logger, source.Bucket, e.GetType().Name, e.Message);
        }
    }
}
