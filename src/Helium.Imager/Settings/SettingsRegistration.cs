using Microsoft.Extensions.Options;

namespace Helium.Imager.Settings;

internal static class SettingsRegistration
{
    /// <summary>Binds every settings section and validates it when the host starts.</summary>
    public static IServiceCollection AddHeliumSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateOnStart();
        services.AddOptions<S3Options>().Bind(configuration.GetSection(S3Options.Section)).ValidateOnStart();
        services.AddOptions<BucketsOptions>()
            .Configure(options => options.Allowed.AddRange(ReadList(configuration.GetSection($"{BucketsOptions.Section}:Allowed"))))
            .ValidateOnStart();
        services.AddOptions<SecurityOptions>()
            .Bind(configuration.GetSection(SecurityOptions.Section))
            .Configure(options =>
            {
                options.SigningKeys.Clear();
                options.SigningKeys.AddRange(ReadList(configuration.GetSection($"{SecurityOptions.Section}:SigningKeys")));
            })
            .ValidateOnStart();
        services.AddOptions<CorsOptions>()
            .Configure(options => options.AllowedOrigins.AddRange(ReadList(configuration.GetSection($"{CorsOptions.Section}:AllowedOrigins"))));

        services.AddOptions<CacheOptions>().Bind(configuration.GetSection(CacheOptions.Section)).ValidateOnStart();
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section)).ValidateOnStart();
        services.AddOptions<RequestLogOptions>().Bind(configuration.GetSection(RequestLogOptions.Section)).ValidateOnStart();
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.Section)).ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.GracePeriod);

        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidation>();
        services.AddSingleton<IValidateOptions<CacheOptions>>(new CacheOptionsValidation(configuration));
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidation>();
        services.AddSingleton<IValidateOptions<S3Options>>(new S3OptionsValidation(configuration));
        services.AddSingleton<IValidateOptions<BucketsOptions>, BucketsOptionsValidation>();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>();
        services.AddSingleton<IValidateOptions<RequestLogOptions>, RequestLogOptionsValidation>();
        services.AddSingleton<IValidateOptions<ShutdownOptions>, ShutdownOptionsValidation>();
        return services;
    }

    /// <summary>A list setting, given either as entries (<c>X:0</c>, <c>X:1</c>… — JSON arrays,
    /// <c>X__0</c> variables) or as one comma-separated value (the form operators type in environment
    /// variables). Entries win: an empty JSON array also leaves an empty value on the section.</summary>
    public static IEnumerable<string> ReadList(IConfigurationSection list)
    {
        var values = list.GetChildren().Select(child => child.Value).ToList();
        if (values.Count == 0)
        {
            values.Add(list.Value);
        }

        return values.SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }
}
