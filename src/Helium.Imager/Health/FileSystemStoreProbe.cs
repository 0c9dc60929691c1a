using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Health;

internal sealed class FileSystemStoreProbe(IOptions<StoreOptions> options, IHostEnvironment environment) : IStoreProbe
{
    public Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var root = StoreRoot.Resolve(options.Value, environment);
        return Task.FromResult(Directory.Exists(root) ? null : "The Store:Root folder does not exist.");
    }
}
