using System.Collections.Concurrent;

namespace Helium.Imager.Renditions;

/// <summary>Runs one computation per key at a time: callers asking for a key already in flight await
/// the same task instead of starting another.</summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _flights = new(StringComparer.Ordinal);

    /// <summary>The flight stays open after <paramref name="compute"/> has given its value until
    /// <paramref name="settle"/> (given that value, and which must not fault) has finished, so that
    /// callers arriving meanwhile get the value instead of starting again.</summary>
    public Task<T> RunAsync(string key, Func<Task<T>> compute, Func<T, Task> settle)
    {
        var flight = new Lazy<Task<T>>(() => compute());
        var current = _flights.GetOrAdd(key, flight);
        if (ReferenceEquals(current, flight))
        {
            _ = ForgetWhenSettledAsync(key, flight, settle);
        }

        return current.Value;
    }

    /// <summary>The value of a flight for <paramref name="key"/> that has finished computing but is still
    /// settling (its rendition being written), if there is one.</summary>
    public bool TryGetSettling(string key, out T value)
    {
        if (_flights.TryGetValue(key, out var flight) && flight.IsValueCreated && flight.Value.IsCompletedSuccessfully)
        {
            value = flight.Value.Result;
            return true;
        }

        value = default!;
        return false;
    }

    private async Task ForgetWhenSettledAsync(string key, Lazy<Task<T>> flight, Func<T, Task> settle)
    {
        try
        {
            await settle(await flight.Value);
        }
        catch
        {
            // The computation's failure is its callers' to see.
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, flight));
        }
    }
}
