using Amazon.S3;
using Helium.Imager.Addressing;
using Helium.Imager.Core.Configuration;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.S3;

/// <summary>An S3-compatible store (MinIO, AWS S3, Ceph RGW): sources read with the AWS SDK,
/// renditions in Cache:Bucket, pass-through forwarded by YARP and signed with SigV4.</summary>
internal static class S3Store
{
    public static readonly StoreKind Kind = new("S3", Local: false);

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(Kind);
        services.AddCheckedSettings<S3Options>(configuration.GetSection(S3Options.Section), S3Options.Failures);
        services.AddSingleton<IValidateOptions<CacheOptions>>(new SettingsCheck<CacheOptions>(cache =>
            (cache.Bucket is null || !BucketNames.IsValid(cache.Bucket)
                ? ["Cache:Bucket must name the bucket renditions are written to (3-63 of a-z, 0-9, '.', '-')."]
                : Enumerable.Empty<string>())
            .Concat(cache.MaxBytes > 0
                ? ["Cache:MaxBytes bounds a cache folder; a cache bucket is kept bounded by `cache prune` or a lifecycle rule (README, \"A bounded cache\")."]
                : [])));

        services.AddHttpForwarder();
        services.AddSingleton<S3RequestSigner>();
        services.AddSingleton<S3Http>();
        services.AddSingleton<IAmazonS3>(sp => S3ClientFactory.Create(sp.GetRequiredService<IOptions<S3Options>>().Value));
        services.AddSingleton<ISourceStore, S3SourceStore>();
        services.AddKeyedSingleton<IRenditionCache, S3RenditionCache>(MemoryRenditionCache.Behind);
        services.AddSingleton(sp => (IRenditionInventory)sp.GetRequiredKeyedService<IRenditionCache>(MemoryRenditionCache.Behind));
        services.AddSingleton<IPassThrough, S3PassThrough>();
        services.AddSingleton<IStoreProbe, S3StoreProbe>();
    }
}
