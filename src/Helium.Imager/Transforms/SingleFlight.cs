using System.Collections.Concurrent;

namespace Helium.Imager.Transforms;

/// <summary>Runs one computation per key at a time: callers asking for a key already in flight await
/// the same task instead of starting another.</summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _flights = new(StringComparer.Ordinal);

    /// <param name="joined">True when this caller joined a computation another caller started.</param>
    public Task<T> RunAsync(string key, Func<Task<T>> compute, out bool joined)
    {
        var mine = new Lazy<Task<T>>(() => RunAndForget(key, compute));
        var flight = _flights.GetOrAdd(key, mine);
        joined = !ReferenceEquals(flight, mine);
        return flight.Value;
    }

    private async Task<T> RunAndForget(string key, Func<Task<T>> compute)
    {
        try
        {
            return await compute();
        }
        finally
        {
            _flights.TryRemove(key, out _);
        }
    }
}
