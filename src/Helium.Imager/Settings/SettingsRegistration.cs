using Helium.Imager.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Settings;

internal static class SettingsRegistration
{
    /// <summary>Binds the server's own settings sections, each once, and checks each at start-up,
    /// reporting every failure at once. Stores and source kinds bind and check their own.</summary>
    public static IServiceCollection AddHeliumSettings(this IServiceCollection services, IConfiguration configuration)
    {
        Add<CacheOptions>(CacheOptions.Section, CacheOptions.Failures);
        Add<LimitsOptions>(LimitsOptions.Section, LimitsOptions.Failures);
        Add<RequestLogOptions>(RequestLogOptions.Section, RequestLogOptions.Failures);
        Add<ShutdownOptions>(ShutdownOptions.Section, ShutdownOptions.Failures);
        services.AddOptions<BucketsOptions>()
            .Configure(options => options.Allowed.AddRange(SettingsList.Read(configuration.GetSection($"{BucketsOptions.Section}:Allowed"))))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BucketsOptions>>(new SettingsCheck<BucketsOptions>(BucketsOptions.Failures));
        services.AddOptions<SecurityOptions>().Configure(options => SecurityOptions.Bind(configuration, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>>(new SettingsCheck<SecurityOptions>(SecurityOptions.Failures));
        services.AddOptions<CorsOptions>()
            .Configure(options => options.AllowedOrigins.AddRange(SettingsList.Read(configuration.GetSection($"{CorsOptions.Section}:AllowedOrigins"))));
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.GracePeriod);
        return services;

        void Add<T>(string section, Func<T, IEnumerable<string>> failures)
            where T : class
        {
            services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
            services.AddSingleton<IValidateOptions<T>>(new SettingsCheck<T>(failures));
        }
    }
}
