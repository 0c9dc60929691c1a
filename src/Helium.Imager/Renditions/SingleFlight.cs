using System.Collections.Concurrent;

namespace Helium.Imager.Renditions;

/// <summary>Runs one computation per key at a time: callers asking for a key already in flight await
/// the same task instead of starting another.</summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _flights = new(StringComparer.Ordinal);

    public Task<T> RunAsync(string key, Func<Task<T>> compute) =>
        _flights.GetOrAdd(key, _ => new Lazy<Task<T>>(() => RunAndForget(key, compute))).Value;

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
