using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Renditions;

/// <summary>
/// At most Limits:MaxConcurrentTransforms renders at once and Limits:QueueLength waiting, shared
/// fairly: one client (see <see cref="RenderClient"/>) holds at most Limits:PerClientRenders slots and
/// Limits:PerClientQueue places in the queue, and a freed slot goes to the waiting clients in turn, not
/// to whoever queued most. Whoever comes beyond a bound is turned away at once (503 when the server is
/// full, 429 when the client has its share) rather than queued without bound. Background work
/// (<see cref="RenderClient.Background"/>: renders bucket events ask for) waits behind every client.
/// </summary>
internal sealed class TransformGate(IOptions<LimitsOptions> options, HeliumMetrics metrics, IdleMemoryRelease idle)
{
    private readonly LimitsOptions _limits = options.Value;
    private readonly int _perClientRenders = options.Value.EffectivePerClientRenders;
    private readonly int _perClientQueue = options.Value.EffectivePerClientQueue;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Share> _shares = new(StringComparer.Ordinal);

    // Clients with someone waiting, in the order their turn comes.
    private readonly Queue<Share> _turns = new();
    private int _free = options.Value.MaxConcurrentTransforms;
    private int _admitted;

    /// <summary>
    /// A render holds a thread-pool thread while it decodes (libvips, MuPDF's pixels and the DICOM
    /// reader are synchronous). The pool starts with one thread a core and adds about one every half
    /// second when they are all busy; with a render running on each core, nothing else (cache hits,
    /// pass-through, a 429) would run for a second or two after a quiet spell. So the pool keeps a
    /// thread a core beside the render slots. Called once at start-up.
    /// </summary>
    public static void ReserveThreads(LimitsOptions limits)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount + limits.MaxConcurrentTransforms), completionPorts);
    }

    /// <summary>A slot for the client: at once, or when its turn comes. Dispose the slot to release it.</summary>
    /// <exception cref="ProblemException">The server's queue is full, or this client has its share.</exception>
    public Task<IDisposable> EnterAsync(string client, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_admitted >= _limits.MaxConcurrentTransforms + _limits.QueueLength)
            {
                throw new ProblemException(ProblemType.Overloaded, $"{_limits.MaxConcurrentTransforms} transforms are running and Limits:QueueLength ({_limits.QueueLength}) more are waiting.");
            }

            if (!_shares.TryGetValue(client, out var share))
            {
                share = new Share(client);
                _shares.Add(client, share);
            }

            if (_free > 0 && share.Running < _perClientRenders && !(share.Client == RenderClient.Background && ClientsWaiting()))
            {
                _admitted++;
                return Task.FromResult<IDisposable>(Grant(share));
            }

            if (share.Waiting.Count >= _perClientQueue)
            {
                Forget(share);
                throw new ProblemException(ProblemType.ClientOverloaded,
                    $"This client has {share.Running} renders running and {share.Waiting.Count} waiting; Limits:PerClientRenders is {_perClientRenders} and Limits:PerClientQueue {_perClientQueue}.");
            }

            _admitted++;
            waiter = new Waiter(share);
            share.Waiting.AddLast(waiter.Node);
            if (!share.HasTurn)
            {
                share.HasTurn = true;
                _turns.Enqueue(share);
            }

            metrics.TransformsQueued.Inc();
        }

        return WaitAsync(waiter, cancellationToken);
    }

    private async Task<IDisposable> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(() => Abandon(waiter)))
        {
            return await waiter.Slot.Task;
        }
    }

    /// <summary>A waiter that stopped waiting leaves the queue; one that was granted a slot meanwhile
    /// still gets it, and its caller releases it.</summary>
    private void Abandon(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node.List is null)
            {
                return;
            }

            waiter.Share.Waiting.Remove(waiter.Node);
            _admitted--;
            metrics.TransformsQueued.Dec();
            Forget(waiter.Share);
        }

        waiter.Slot.TrySetCanceled();
    }

    private void Release(Share share)
    {
        lock (_lock)
        {
            share.Running--;
            _free++;
            _admitted--;
            metrics.TransformsInFlight.Dec();
            idle.RenderEnded();
            while (_free > 0 && NextWaiter() is { } next)
            {
                next.Share.Waiting.Remove(next.Node);
                metrics.TransformsQueued.Dec();

                // Continuations run elsewhere (the completion source says so), never under this lock.
                next.Slot.TrySetResult(Grant(next.Share));
            }

            Forget(share);
        }
    }

    /// <summary>The first waiter of the next client in turn that may take another slot; clients at
    /// their share keep their turn for when one of their renders ends. The background's turn comes only
    /// when no client can take the slot.</summary>
    private Waiter? NextWaiter()
    {
        Share? background = null;
        for (var tries = _turns.Count; tries > 0; tries--)
        {
            var share = _turns.Dequeue();
            share.HasTurn = false;
            if (share.Waiting.Count == 0)
            {
                Forget(share);
                continue;
            }

            share.HasTurn = true;
            _turns.Enqueue(share);
            if (share.Client == RenderClient.Background)
            {
                background = share;
            }
            else if (share.Running < _perClientRenders)
            {
                return share.Waiting.First!.Value;
            }
        }

        return background is { Running: var running } && running < _perClientRenders ? background.Waiting.First!.Value : null;
    }

    /// <summary>Whether a client (not the background) is waiting for a slot it may take.</summary>
    private bool ClientsWaiting() => _turns.Any(share => share.Client != RenderClient.Background && share.Waiting.Count > 0 && share.Running < _perClientRenders);

    private Slot Grant(Share share)
    {
        share.Running++;
        _free--;
        metrics.TransformsInFlight.Inc();
        idle.RenderStarted();
        return new Slot(this, share);
    }

    private void Forget(Share share)
    {
        if (share.Running == 0 && share.Waiting.Count == 0 && !share.HasTurn)
        {
            _shares.Remove(share.Client);
        }
    }

    private sealed class Share(string client)
    {
        public string Client { get; } = client;

        public int Running { get; set; }

        public LinkedList<Waiter> Waiting { get; } = new();

        public bool HasTurn { get; set; }
    }

    private sealed class Waiter
    {
        public Waiter(Share share)
        {
            Share = share;
            Node = new LinkedListNode<Waiter>(this);
        }

        public Share Share { get; }

        public LinkedListNode<Waiter> Node { get; }

        public TaskCompletionSource<IDisposable> Slot { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Slot(TransformGate gate, Share share) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release(share);
            }
        }
    }
}
