using Helium.Imager.Diagnostics;
using Helium.Imager.Health;
using Helium.Imager.Settings;
using Helium.Imager.Stores;
using Microsoft.Extensions.Options;

namespace Helium.Imager.UnitTests.Health;

/// <summary>A store that never answered is a settings fault (unready at once); one that answered and
/// then fails is reported, and unready only after the grace.</summary>
public sealed class StoreReadinessTests
{
    [Fact]
    public async Task A_store_that_never_answered_makes_the_instance_unready_at_once()
    {
        var (readiness, probe, _) = Build();
        probe.Problem = "bucket 'photos' answered 403";

        var state = await readiness.CheckAsync(default);

        Assert.True(state.Unready);
        Assert.Equal("bucket 'photos' answered 403", state.Problem);
    }

    [Fact]
    public async Task An_outage_after_the_store_answered_is_unready_only_after_the_grace()
    {
        var (readiness, probe, clock) = Build();
        Assert.False((await readiness.CheckAsync(default)).Unready);

        probe.Problem = "the store could not be reached";
        var first = await readiness.CheckAsync(default);
        clock.Now += TimeSpan.FromSeconds(59);
        var within = await readiness.CheckAsync(default);
        clock.Now += TimeSpan.FromSeconds(1);
        var after = await readiness.CheckAsync(default);
        probe.Problem = null;
        var back = await readiness.CheckAsync(default);
        probe.Problem = "the store could not be reached";
        var again = await readiness.CheckAsync(default);

        Assert.False(first.Unready);
        Assert.Equal("the store could not be reached", first.Problem);
        Assert.False(within.Unready);
        Assert.Equal(TimeSpan.FromSeconds(59), within.Failing);
        Assert.True(after.Unready);
        Assert.False(back.Unready);
        Assert.Null(back.Problem);
        Assert.False(again.Unready); // a new outage starts its own grace
    }

    private static (StoreReadiness Readiness, Probe Probe, Clock Clock) Build()
    {
        var (probe, clock) = (new Probe(), new Clock());
        return (new StoreReadiness(probe, clock, Options.Create(new HealthOptions { StoreOutageGrace = TimeSpan.FromMinutes(1) }), new HeliumMetrics()), probe, clock);
    }

    private sealed class Probe : IStoreProbe
    {
        public string? Problem { get; set; }

        public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(Problem);
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
