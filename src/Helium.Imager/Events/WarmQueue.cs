using System.Threading.Channels;
using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Renditions;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Events;

/// <summary>
/// Work that bucket events ask for, done in the background by one worker: a new object's frames
/// located (a large multi-frame DICOM object read by range) and its presets rendered into the cache,
/// or every rendition of a deleted one removed. Bounded (Warm:QueueLength):
/// when full, new work is dropped and counted, never waited for, so that deliveries are answered at
/// once. Renders go through the transform service like a client request (single flight, limits, the
/// cache), as the background client, which the gate serves only when no client waits.
/// </summary>
/// <remarks>The transform service and the purge are taken from <paramref name="services"/> when the
/// worker starts, not at construction: the host creates its hosted services before it checks the
/// settings, and a store that is misconfigured must end in its settings message, not in a missing
/// service.</remarks>
internal sealed class WarmQueue(IServiceProvider services, HeliumMetrics metrics, IOptions<EventsOptions> options, ILogger<WarmQueue> logger) : BackgroundService
{
    private readonly Channel<WarmWork> _work = Channel.CreateBounded<WarmWork>(new BoundedChannelOptions(options.Value.QueueLength)
    {
        // Wait, not DropWrite: with Wait, TryWrite says false when full (DropWrite would say true and
        // drop the item unseen); nothing ever waits, since only TryWrite is used.
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    /// <summary>False (and counted) when the queue is full.</summary>
    public bool TryAdd(WarmWork work)
    {
        if (_work.Writer.TryWrite(work))
        {
            metrics.WarmQueued.Inc();
            return true;
        }

        metrics.Warmed(WarmOutcome.Dropped);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var transforms = services.GetRequiredService<TransformService>();
        var purge = services.GetRequiredService<SourcePurge>();
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken))
            {
                metrics.WarmQueued.Dec();
                await DoAsync(transforms, purge, work, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is made on demand later.
        }
    }

    private async Task DoAsync(TransformService transforms, SourcePurge purge, WarmWork work, CancellationToken stoppingToken)
    {
        try
        {
            switch (work.Task)
            {
                case WarmTask.Purge:
                    metrics.Purged(await purge.PurgeAsync(work.Source, stoppingToken));
                    return;

                case WarmTask.Index:
                    if (await transforms.IndexAsync(work.Source, stoppingToken))
                    {
                        metrics.Warmed(WarmOutcome.Indexed);
                    }

                    return;
            }

            var outcome = await transforms.RunAsync(work.Source, [KeyValuePair.Create("preset", work.Preset!)], RenderClient.Background, null, null, stoppingToken);
            if (outcome is TransformOutcome.Hit hit)
            {
                await hit.Cached.DisposeAsync();
            }

            metrics.Warmed(outcome is TransformOutcome.Fresh ? WarmOutcome.Rendered : WarmOutcome.Cached);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            metrics.Warmed(WarmOutcome.Failed);
            var (problem, detail) = ProblemMapping.Map(e) ?? (ProblemType.Internal, e.Message);
            Log.WarmFailed(logger, work.Source.Bucket, work.Preset ?? $"({work.Task.ToString().ToLowerInvariant()})", problem.Slug, detail);
        }
    }
}

/// <summary>What to do for <see cref="Source"/>: render <see cref="Preset"/> into the cache, locate its
/// frames ahead of requests, or remove every rendition of it.</summary>
internal sealed record WarmWork(ObjectAddress Source, WarmTask Task, string? Preset = null);

internal enum WarmTask
{
    Render,
    Index,
    Purge,
}

/// <summary>The outcomes helium_warm_renders_total counts.</summary>
internal static class WarmOutcome
{
    public const string Rendered = "rendered";
    public const string Cached = "cached";

    /// <summary>A large object's frames located ahead of its requests (<see cref="TransformService.IndexAsync"/>).</summary>
    public const string Indexed = "indexed";
    public const string Failed = "failed";
    public const string Dropped = "dropped";
}
