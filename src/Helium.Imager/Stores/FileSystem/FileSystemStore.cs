using Helium.Imager.Core.Configuration;
using Helium.Imager.Core.Sources;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.FileSystem;

/// <summary>A local folder whose sub-folders are buckets (the embedded default): files served with
/// ASP.NET Core's file result, renditions in Cache:Root.</summary>
internal static class FileSystemStore
{
    public static readonly StoreKind Kind = new("FileSystem", Local: true);

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(Kind);
        services.AddOptions<FileSystemStoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FileSystemStoreOptions>>(sp => new SettingsCheck<FileSystemStoreOptions>(options =>
            Directory.Exists(options.Resolve(sp.GetRequiredService<IHostEnvironment>()))
                ? []
                : [$"Store:Root must be an existing folder (got '{options.Resolve(sp.GetRequiredService<IHostEnvironment>())}')."]));

        services.AddSingleton<IContentTypeProvider>(sp => ContentTypes.Create(sp.GetRequiredService<SourceRenderer>()));
        services.AddSingleton<FileSystemBuckets>();
        services.AddSingleton<ISourceStore, FileSystemSourceStore>();
        services.AddKeyedSingleton<IRenditionCache, FileSystemRenditionCache>(MemoryRenditionCache.Behind);
        services.AddSingleton(sp => (IRenditionInventory)sp.GetRequiredKeyedService<IRenditionCache>(MemoryRenditionCache.Behind));
        services.AddHostedService<FolderCacheEviction>();
        services.AddSingleton<IPassThrough, FileSystemPassThrough>();
        services.AddSingleton<IStoreProbe, FileSystemStoreProbe>();
    }
}
