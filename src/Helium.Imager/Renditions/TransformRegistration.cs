using Helium.Imager.Core.Dicom;
using Helium.Imager.Core.Pdf;
using Helium.Imager.Core.Pixels;
using Helium.Imager.Core.Raster;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Renditions;

internal static class TransformRegistration
{
    /// <summary>The rendition pipeline and the kinds of source it reads; the store's source reads and
    /// cache are registered by the store.</summary>
    public static IServiceCollection AddRenditions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => Presets.CreateParser(configuration, sp.GetRequiredService<IOptions<LimitsOptions>>()));
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<LimitsOptions>>().Value;
            return new RenderLimits(limits.MaxOutputDimension, limits.MaxSourcePixels, limits.MaxAnimationFrames, limits.MaxConcurrentTransforms, limits.MaxSourceBytes, limits.DecodeMemoryBytes);
        });
        services.AddSingleton(SelfCommand.Create());

        // The pixel pipeline every kind ends in, then one line a kind of source. Signatures are tried in this order: DICOM first, because its
        // preamble may legally hold another format's header.
        var renderers = configuration.GetSection("Renderers");
        services.AddPixelPipeline(renderers);
        services.AddDicomSources(renderers);
        services.AddPdfSources(renderers);
        services.AddRasterSources();

        services.AddSingleton<SourceRenderer>();
        services.AddSingleton<RenditionRenderer>();
        services.AddSingleton<IdleMemoryRelease>();
        services.AddSingleton<TransformGate>();
        services.AddSingleton<SourceVersions>();
        services.AddSingleton<SourcePurge>();
        services.AddSingleton<PendingWrites>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingWrites>());
        services.AddSingleton<RenditionWrites>();
        services.AddSingleton<TransformService>();
        services.AddSingleton<TransformEndpoint>();
        return services;
    }
}
