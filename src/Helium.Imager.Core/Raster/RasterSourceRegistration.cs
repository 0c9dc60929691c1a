using Helium.Imager.Core.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Helium.Imager.Core.Raster;

public static class RasterSourceRegistration
{
    /// <summary>Raster sources; they need the pixel pipeline registered.</summary>
    public static IServiceCollection AddRasterSources(this IServiceCollection services)
    {
        services.AddSingleton<MagickDecoder>();
        services.AddSingleton<ISourceKind, RasterSource>();
        return services;
    }
}
