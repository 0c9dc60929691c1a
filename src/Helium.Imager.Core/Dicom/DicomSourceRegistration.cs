using Helium.Imager.Core.Configuration;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Core.Dicom;

public static class DicomSourceRegistration
{
    /// <summary>DICOM sources, with their settings bound from <paramref name="renderers"/> and checked at
    /// start-up. The host registers the <see cref="WorkerCommand"/> that starts its own executable.</summary>
    public static IServiceCollection AddDicomSources(this IServiceCollection services, IConfiguration renderers)
    {
        services.AddCheckedSettings<DicomSettings>(renderers, settings =>
            string.IsNullOrWhiteSpace(settings.GdcmGlue) ? ["Renderers:GdcmGlue must be the path of GDCM's native glue library."] : []);
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<RenderLimits>();
            return new DicomWorkerPool(sp.GetRequiredService<WorkerCommand>(), sp.GetRequiredService<IOptions<DicomSettings>>().Value.GdcmGlue, limits.MaxSourcePixels, limits.MaxConcurrentRenders, limits.DecodeMemoryBytes);
        });
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<DicomSettings>>().Value;
            return new DicomReader(settings.GdcmGlue, sp.GetRequiredService<RenderLimits>().MaxSourcePixels, settings.IsolateDicom ? sp.GetRequiredService<DicomWorkerPool>() : null, new DcmtkTranscoder(memoryBytes: sp.GetRequiredService<RenderLimits>().DecodeMemoryBytes), sp.GetRequiredService<IPixelPipeline>());
        });
        services.AddSingleton<ISourceKind>(sp => new DicomSource(sp.GetRequiredService<DicomReader>(), sp.GetRequiredService<IPixelPipeline>(), sp.GetRequiredService<RenderLimits>()));
        return services;
    }
}
