using Helium.Imager.Core.Configuration;
using Helium.Imager.Stores;
using Helium.Imager.Stores.FileSystem;
using Helium.Imager.Stores.S3;
using Microsoft.Extensions.Options;

namespace Helium.Imager;

/// <summary>The stores this server can read, by <c>Store:Kind</c>. A new store is a folder under
/// <c>Stores/</c> and one line here.</summary>
internal static class StoreRegistration
{
    private static readonly Dictionary<string, Action<IServiceCollection, IConfiguration>> Stores = new(StringComparer.OrdinalIgnoreCase)
    {
        [FileSystemStore.Kind.Name] = FileSystemStore.Add,
        [S3Store.Kind.Name] = S3Store.Add,
    };

    /// <summary>The configured store's seams (source reads, rendition cache, pass-through, readiness),
    /// the memory cache in front of its rendition cache, and the bucket allowlist.</summary>
    public static IServiceCollection AddStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>>(new SettingsCheck<StoreOptions>(store => Stores.ContainsKey(store.Kind)
            ? []
            : [$"Store:Kind must be one of {string.Join(", ", Stores.Keys.Select(name => $"'{name}'"))} (got '{store.Kind}')."]));

        // Chosen before the settings are validated: an unknown kind registers no store, and the check
        // above stops the server at start-up.
        var kind = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>()?.Kind ?? new StoreOptions().Kind;
        if (Stores.TryGetValue(kind, out var add))
        {
            add(services, configuration);
        }

        services.AddSingleton<IRenditionCache, MemoryRenditionCache>();
        services.AddSingleton<BucketAllowlist>();
        return services;
    }
}
