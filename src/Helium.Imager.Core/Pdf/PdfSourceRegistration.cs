using Helium.Imager.Core.Configuration;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Core.Pdf;

public static class PdfSourceRegistration
{
    /// <summary>PDF sources, with their settings bound from <paramref name="renderers"/> and checked at start-up.</summary>
    public static IServiceCollection AddPdfSources(this IServiceCollection services, IConfiguration renderers)
    {
        services.AddCheckedSettings<PdfSettings>(renderers, settings =>
            string.IsNullOrWhiteSpace(settings.MuTool) ? ["Renderers:MuTool must name MuPDF's mutool program (default mutool)."] : []);
        services.AddSingleton(sp => new MuPdf(sp.GetRequiredService<IOptions<PdfSettings>>().Value.MuTool, sp.GetRequiredService<RenderLimits>().MaxConcurrentRenders, sp.GetRequiredService<RenderLimits>().DecodeMemoryBytes));
        services.AddSingleton<ISourceKind>(sp => new PdfSource(sp.GetRequiredService<MuPdf>(), sp.GetRequiredService<IPixelPipeline>(), sp.GetRequiredService<RenderLimits>()));
        return services;
    }
}
