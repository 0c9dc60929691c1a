using Helium.Imager.Core.Dicom;
using Helium.Imager.Core.Pdf;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Transforms;

internal static class TransformRegistration
{
    /// <summary>The transform pipeline; the store-specific source and cache are registered by the host.</summary>
    public static IServiceCollection AddTransforms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => Presets.CreateParser(configuration, sp.GetRequiredService<IOptions<LimitsOptions>>()));
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<LimitsOptions>>().Value;
            return new RenderLimits(limits.MaxOutputDimension, limits.MaxSourcePixels, limits.MaxAnimationFrames);
        });
        services.AddSingleton<RasterRenderer>();
        services.AddSingleton(_ => new PdfRasterizer(configuration["Renderers:Ghostscript"] ?? "gs"));
        var gluePath = configuration["Renderers:GdcmGlue"] ?? GdcmRuntime.DefaultGluePath;
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<LimitsOptions>>().Value;
            return new DicomWorkerPool(DicomWorkerCommand(), gluePath, limits.MaxSourcePixels, limits.MaxConcurrentTransforms);
        });
        services.AddSingleton(sp => new DicomReader(
            gluePath,
            sp.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxSourcePixels,
            configuration.GetValue("Renderers:IsolateDicom", true) ? sp.GetRequiredService<DicomWorkerPool>() : null));
        services.AddSingleton<SourceRenderer>();
        services.AddSingleton<TransformGate>();
        services.AddSingleton<SourceVersions>();
        services.AddSingleton<TransformService>();
        return services;
    }

    /// <summary>This server's own program with the worker verb: `Helium.Imager dicom-worker` when it
    /// runs as its own executable (the self-contained install has no `dotnet`), else
    /// `dotnet Helium.Imager.dll dicom-worker` (also when a test host loaded the assembly).</summary>
    private static WorkerCommand DicomWorkerCommand()
    {
        // Compared by whole file name: "Helium.Imager" has no extension, but would seem to have one.
        var assembly = typeof(TransformRegistration).Assembly.Location;
        var process = Environment.ProcessPath;
        var program = Path.GetFileName(process);
        if (process is not null && (program == Path.GetFileNameWithoutExtension(assembly) || program == Path.GetFileNameWithoutExtension(assembly) + ".exe"))
        {
            return new(process, [DicomWorker.Verb]);
        }

        var dotnet = process is not null && program is "dotnet" or "dotnet.exe" ? process : "dotnet";
        return new(dotnet, [assembly, DicomWorker.Verb]);
    }
}
