using Helium.Imager.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Settings;

internal static class SettingsRegistration
{
    /// <summary>Binds the server's own settings sections, each once, and checks each at start-up,
    /// reporting every failure at once. Stores and source kinds bind and check their own.</summary>
    public static IServiceCollection AddHeliumSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<CacheOptions>(configuration.GetSection(CacheOptions.Section), CacheOptions.Failures);
        services.AddCheckedSettings<LimitsOptions>(configuration.GetSection(LimitsOptions.Section), LimitsOptions.Failures);
        services.AddCheckedSettings<RequestLogOptions>(configuration.GetSection(RequestLogOptions.Section), RequestLogOptions.Failures);
        services.AddCheckedSettings<ShutdownOptions>(configuration.GetSection(ShutdownOptions.Section), ShutdownOptions.Failures);
        services.AddCheckedSettings<AuditOptions>(configuration.GetSection(AuditOptions.Section), AuditOptions.Failures);
        services.AddCheckedSettings<HealthOptions>(configuration.GetSection(HealthOptions.Section), HealthOptions.Failures);
        services.AddOptions<BucketsOptions>()
            .Configure(options =>
            {
                options.Allowed.AddRange(SettingsList.Read(configuration.GetSection($"{BucketsOptions.Section}:Allowed")));
                options.Public.AddRange(SettingsList.Read(configuration.GetSection($"{BucketsOptions.Section}:Public")));
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BucketsOptions>>(new SettingsCheck<BucketsOptions>(BucketsOptions.Failures));
        services.AddOptions<ProxyOptions>()
            .Configure(options =>
            {
                options.KnownProxies.AddRange(SettingsList.Read(configuration.GetSection($"{ProxyOptions.Section}:{nameof(ProxyOptions.KnownProxies)}")));
                options.KnownNetworks.AddRange(SettingsList.Read(configuration.GetSection($"{ProxyOptions.Section}:{nameof(ProxyOptions.KnownNetworks)}")));
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>>(new SettingsCheck<ProxyOptions>(ProxyOptions.Failures));
        services.AddOptions<SecurityOptions>().Configure(options => SecurityOptions.Bind(configuration, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>>(new SettingsCheck<SecurityOptions>(SecurityOptions.Failures));
        services.AddOptions<CorsOptions>()
            .Configure(options => options.AllowedOrigins.AddRange(SettingsList.Read(configuration.GetSection($"{CorsOptions.Section}:AllowedOrigins"))));
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.GracePeriod);
        return services;
    }
}
