using Helium.Imager.Diagnostics;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.FileSystem;

/// <summary>
/// Keeps the cache folder within Cache:MaxBytes: every Cache:EvictionInterval it adds up the
/// renditions and, when they hold more, deletes the least recently used down to 90 % (so that it does
/// not run again at the next rendition). It runs beside the requests and never holds one up; a
/// rendition deleted while it is being read is still read whole (the open file stays).
/// </summary>
internal sealed class FolderCacheEviction(IRenditionInventory inventory, IOptions<CacheOptions> options, HeliumMetrics metrics, ILogger<FolderCacheEviction> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var limit = options.Value.MaxBytes;
        if (limit <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.EvictionInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await EvictAsync(limit, stoppingToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.EvictionFailed(logger, e.GetType().Name, e.Message);
            }
        }
    }

    private async Task EvictAsync(long limit, CancellationToken cancellationToken)
    {
        var renditions = await inventory.ListAsync(cancellationToken).ToListAsync(cancellationToken);
        var total = renditions.Sum(r => r.Bytes);
        if (total <= limit)
        {
            return;
        }

        var target = limit / 10 * 9;
        var victims = new List<string>();
        var freed = 0L;
        foreach (var rendition in renditions.OrderBy(r => r.Used))
        {
            if (total - freed <= target)
            {
                break;
            }

            victims.Add(rendition.Key);
            freed += rendition.Bytes;
        }

        await inventory.DeleteAsync(victims, cancellationToken);
        metrics.Evicted(victims.Count);
        Log.Evicted(logger, victims.Count, freed, total - freed, limit);
    }
}
