using System.Collections.Concurrent;
using Helium.Imager.Addressing;
using Helium.Imager.Settings;
using Helium.Imager.Stores;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Renditions;

/// <summary>Remembers source versions for Cache:SourceRecheck, so a cache hit needs no HEAD of the
/// source. Bounded: past <see cref="Capacity"/> entries it starts over rather than grow.</summary>
internal sealed class SourceVersions(ISourceStore store, IOptions<CacheOptions> options, TimeProvider clock)
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<ObjectAddress, (SourceVersion Version, DateTimeOffset Until)> _known = new();
    private readonly TimeSpan _recheck = options.Value.SourceRecheck;

    /// <summary>The next request for the source asks the store again.</summary>
    public void Forget(ObjectAddress address) => _known.TryRemove(address, out _);

    public async Task<SourceVersion?> GetAsync(ObjectAddress address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_recheck > TimeSpan.Zero && _known.TryGetValue(address, out var known) && known.Until > now)
        {
            return known.Version;
        }

        var version = await store.HeadAsync(address, cancellationToken);
        if (version is null)
        {
            _known.TryRemove(address, out _);
        }
        else if (_recheck > TimeSpan.Zero)
        {
            if (_known.Count >= Capacity)
            {
                _known.Clear();
            }

            _known[address] = (version, now + _recheck);
        }

        return version;
    }
}
