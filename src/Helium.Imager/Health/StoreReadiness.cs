using Helium.Imager.Diagnostics;
using Helium.Imager.Settings;
using Helium.Imager.Stores;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Health;

/// <summary>
/// The store's part in readiness. A store that has not answered since this instance started (wrong
/// address, wrong keys, a missing bucket: its settings) makes it unready at once. One that answered
/// before and then fails is reported (the answer's <c>store</c> field, <c>helium_store_up</c>) but makes
/// it unready only after Health:StoreOutageGrace: a short outage would otherwise empty the whole
/// fleet at once, memory hits included.
/// </summary>
internal sealed class StoreReadiness(IStoreProbe probe, TimeProvider clock, IOptions<HealthOptions> options, HeliumMetrics metrics)
{
    private readonly Lock _lock = new();
    private bool _answeredOnce;
    private DateTimeOffset? _failingSince;

    /// <summary>The store as probed now.</summary>
    /// <param name="Problem">Why the store did not answer as it should; null when it did.</param>
    /// <param name="Failing">For how long it has been failing.</param>
    /// <param name="Unready">Whether that makes this instance unready.</param>
    public sealed record State(string? Problem, TimeSpan Failing, bool Unready);

    public async Task<State> CheckAsync(CancellationToken cancellationToken)
    {
        var problem = await probe.CheckAsync(cancellationToken);
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            metrics.StoreUp.Set(problem is null ? 1 : 0);
            if (problem is null)
            {
                (_answeredOnce, _failingSince) = (true, null);
                return new State(null, TimeSpan.Zero, false);
            }

            _failingSince ??= now;
            var failing = now - _failingSince.Value;
            return new State(problem, failing, !_answeredOnce || failing >= options.Value.StoreOutageGrace);
        }
    }
}
