using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Helium.Imager.Core.Raster;

public static class RasterSourceRegistration
{
    /// <summary>Raster sources, and libvips as the pixel pipeline every kind ends in.</summary>
    public static IServiceCollection AddRasterSources(this IServiceCollection services)
    {
        services.AddSingleton<RasterRenderer>();
        services.AddSingleton<VipsRenderer>();
        services.AddSingleton<IPixelPipeline>(sp => sp.GetRequiredService<VipsRenderer>());
        services.AddSingleton<ISourceKind, RasterSource>();
        return services;
    }
}
