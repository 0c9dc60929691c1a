using Helium.Imager.Diagnostics;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Renditions;

/// <summary>At most Limits:MaxConcurrentTransforms renders at once and Limits:QueueLength waiting;
/// whoever comes beyond that is turned away at once (503) rather than queued without bound.</summary>
internal sealed class TransformGate(IOptions<LimitsOptions> options, HeliumMetrics metrics, IdleMemoryRelease idle) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentTransforms, options.Value.MaxConcurrentTransforms);
    private readonly int _capacity = options.Value.MaxConcurrentTransforms + options.Value.QueueLength;
    private readonly HeliumMetrics _metrics = metrics;
    private readonly IdleMemoryRelease _idle = idle;
    private int _admitted;

    /// <summary>A slot, or null when the queue is full. Dispose the slot to release it.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _admitted) > _capacity)
        {
            Interlocked.Decrement(ref _admitted);
            return null;
        }

        _metrics.TransformsQueued.Inc();
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _admitted);
            throw;
        }
        finally
        {
            _metrics.TransformsQueued.Dec();
        }

        _metrics.TransformsInFlight.Inc();
        _idle.RenderStarted();
        return new Slot(this);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(TransformGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate._slots.Release();
                gate._metrics.TransformsInFlight.Dec();
                gate._idle.RenderEnded();
                Interlocked.Decrement(ref gate._admitted);
            }
        }
    }
}
