using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Renditions;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.UnitTests.Renditions;

/// <summary>The render gate's fair share: a cap a client, and freed slots handed out in turn.</summary>
public sealed class TransformGateTests : IDisposable
{
    private readonly IdleMemoryRelease _idle = new();

    public void Dispose() => _idle.Dispose();

    private TransformGate Gate(int slots, int queue, int perClientRenders, int perClientQueue) =>
        new(Options.Create(new LimitsOptions { MaxConcurrentTransforms = slots, QueueLength = queue, PerClientRenders = perClientRenders, PerClientQueue = perClientQueue }), new HeliumMetrics(), _idle);

    [Fact]
    public async Task A_client_at_its_share_waits_while_another_takes_the_free_slot()
    {
        var gate = Gate(slots: 2, queue: 8, perClientRenders: 1, perClientQueue: 4);

        var first = await gate.EnterAsync("a", default);
        var second = gate.EnterAsync("a", default);
        var other = gate.EnterAsync("b", default);

        Assert.False(second.IsCompleted);
        Assert.True(other.IsCompletedSuccessfully);
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await other).Dispose();
    }

    [Fact]
    public async Task A_freed_slot_goes_to_the_next_client_in_turn_not_to_whoever_queued_most()
    {
        var gate = Gate(slots: 1, queue: 16, perClientRenders: 1, perClientQueue: 8);
        var running = await gate.EnterAsync("flooder", default);
        var flood = Enumerable.Range(0, 5).Select(_ => gate.EnterAsync("flooder", default)).ToList();
        var other = gate.EnterAsync("other", default);

        running.Dispose();
        var next = await flood[0].WaitAsync(TimeSpan.FromSeconds(5));
        next.Dispose();

        // The flooder's first waiter queued before the other client did; after it, the other's turn.
        var turn = await other.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(flood[1].IsCompleted);
        turn.Dispose();
        await DrainAsync(flood.Skip(1));
    }

    [Fact]
    public async Task Background_work_gets_a_slot_only_when_no_client_waits()
    {
        var gate = Gate(slots: 1, queue: 8, perClientRenders: 1, perClientQueue: 4);
        var running = await gate.EnterAsync("a", default);
        var background = gate.EnterAsync(RenderClient.Background, default);
        var client = gate.EnterAsync("b", default);

        // The background queued first; the client that came after it is served first all the same.
        running.Dispose();
        var turn = await client.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(background.IsCompleted);
        turn.Dispose();
        (await background.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();

        // A free slot while a client waits for one of its own is not the background's either.
        var held = await gate.EnterAsync("c", default);
        var queued = gate.EnterAsync("c", default);
        var wide = Gate(slots: 2, queue: 8, perClientRenders: 1, perClientQueue: 4);
        var mine = await wide.EnterAsync("d", default);
        var waiting = wide.EnterAsync("d", default);
        var later = wide.EnterAsync(RenderClient.Background, default);
        Assert.True(later.IsCompletedSuccessfully, "a client at its share does not keep the background from a free slot");
        (await later).Dispose();
        mine.Dispose();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        held.Dispose();
        (await queued.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task Beyond_its_queue_places_a_client_gets_429_and_beyond_the_queue_everyone_503()
    {
        var gate = Gate(slots: 1, queue: 3, perClientRenders: 1, perClientQueue: 2);
        var held = await gate.EnterAsync("a", default);
        var waiting = new[] { gate.EnterAsync("a", default), gate.EnterAsync("a", default) };

        var own = await Assert.ThrowsAsync<ProblemException>(() => gate.EnterAsync("a", default));
        var b = gate.EnterAsync("b", default);
        var full = await Assert.ThrowsAsync<ProblemException>(() => gate.EnterAsync("c", default));

        Assert.Equal(ProblemType.ClientOverloaded, own.Problem);
        Assert.Equal(ProblemType.Overloaded, full.Problem);
        held.Dispose();
        await DrainAsync([.. waiting, b]);
    }

    /// <summary>Releases each slot as it is granted, until every waiter has had one.</summary>
    private static async Task DrainAsync(IEnumerable<Task<IDisposable>> waiters)
    {
        var pending = waiters.ToList();
        while (pending.Count > 0)
        {
            var granted = await Task.WhenAny(pending).WaitAsync(TimeSpan.FromSeconds(5));
            (await granted).Dispose();
            pending.Remove(granted);
        }
    }

    [Fact]
    public async Task A_waiter_that_gives_up_frees_its_place()
    {
        var gate = Gate(slots: 1, queue: 1, perClientRenders: 1, perClientQueue: 1);
        var held = await gate.EnterAsync("a", default);
        using var cancel = new CancellationTokenSource();
        var abandoned = gate.EnterAsync("b", cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        var next = gate.EnterAsync("c", default);
        held.Dispose();

        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
