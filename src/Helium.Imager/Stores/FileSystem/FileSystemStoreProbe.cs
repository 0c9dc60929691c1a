using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.FileSystem;

internal sealed class FileSystemStoreProbe(IOptions<FileSystemStoreOptions> options, IHostEnvironment environment) : IStoreProbe
{
    public Task<string?> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Directory.Exists(options.Value.Resolve(environment)) ? null : "The Store:Root folder does not exist.");
}
