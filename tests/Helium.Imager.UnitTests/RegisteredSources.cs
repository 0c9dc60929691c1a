using Helium.Imager.Core.Sources;
using Helium.Imager.Renditions;
using Helium.Imager.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Helium.Imager.UnitTests;

/// <summary>The kinds of source exactly as the server registers them, in its order, on default settings.</summary>
internal static class RegisteredSources
{
    private static readonly Lazy<SourceRenderer> Renderer = new(() =>
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddHeliumSettings(configuration).AddRenditions(configuration);
        return services.BuildServiceProvider().GetRequiredService<SourceRenderer>();
    });

    public static SourceRenderer Get() => Renderer.Value;
}
