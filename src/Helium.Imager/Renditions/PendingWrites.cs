using Helium.Imager.Diagnostics;

namespace Helium.Imager.Renditions;

/// <summary>
/// Cache writes still under way (<see cref="RenditionWrites"/>), which shutdown waits for after the
/// listeners have stopped, within the host's shutdown timeout. A hosted service of its own with no
/// dependencies but the metrics, so that the host can create it before the settings are validated.
/// </summary>
internal sealed class PendingWrites(HeliumMetrics metrics) : IHostedLifecycleService
{
    private readonly HashSet<Task> _pending = [];

    public int Count
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Keeps <paramref name="write"/> (which must not fault) until it has finished.</summary>
    public void Track(Task write)
    {
        lock (_pending)
        {
            _pending.Add(write);
        }

        metrics.CacheWritesPending.Inc();

        _ = write.ContinueWith(Forget, TaskScheduler.Default);
    }

    private void Forget(Task write)
    {
        lock (_pending)
        {
            _pending.Remove(write);
        }

        metrics.CacheWritesPending.Dec();
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        Task[] writes;
        lock (_pending)
        {
            writes = [.. _pending];
        }

        await Task.WhenAll(writes).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
