using Helium.Imager.Core.Configuration;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Core.Raster;

public static class RasterSourceRegistration
{
    /// <summary>Raster sources, and libvips as the pixel pipeline every kind ends in, with their
    /// settings bound from <paramref name="renderers"/> and checked at start-up.</summary>
    public static IServiceCollection AddRasterSources(this IServiceCollection services, IConfiguration renderers)
    {
        services.AddCheckedSettings<RasterSettings>(renderers, RasterSettings.Failures);
        services.AddSingleton<RasterRenderer>();
        services.AddSingleton(sp => new VipsRenderer(sp.GetRequiredService<RenderLimits>(), sp.GetRequiredService<IOptions<RasterSettings>>().Value.VipsThreads));
        services.AddSingleton<IPixelPipeline>(sp => sp.GetRequiredService<VipsRenderer>());
        services.AddSingleton<ISourceKind, RasterSource>();
        return services;
    }
}
