using Helium.Imager.Core.Configuration;
using Helium.Imager.Core.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Core.Pixels;

public static class PixelPipelineRegistration
{
    /// <summary>libvips as the pixel pipeline every kind of source ends in, with its settings bound from
    /// <paramref name="renderers"/> and checked at start-up.</summary>
    public static IServiceCollection AddPixelPipeline(this IServiceCollection services, IConfiguration renderers)
    {
        services.AddCheckedSettings<PixelSettings>(renderers, PixelSettings.Failures);
        services.AddSingleton(sp => new VipsPipeline(sp.GetRequiredService<RenderLimits>(), sp.GetRequiredService<IOptions<PixelSettings>>().Value.VipsThreads));
        services.AddSingleton<IPixelPipeline>(sp => sp.GetRequiredService<VipsPipeline>());
        return services;
    }
}
