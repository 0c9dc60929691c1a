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
            .Configure(options => BindAllowedBuckets(options, configuration.GetSection(BucketsOptions.Section)))
            .ValidateOnStart();

        services.AddOptions<CacheOptions>().Bind(configuration.GetSection(CacheOptions.Section)).ValidateOnStart();
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section)).ValidateOnStart();

        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidation>();
        services.AddSingleton<IValidateOptions<CacheOptions>>(new CacheOptionsValidation(configuration));
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidation>();
        services.AddSingleton<IValidateOptions<S3Options>>(new S3OptionsValidation(configuration));
        services.AddSingleton<IValidateOptions<BucketsOptions>, BucketsOptionsValidation>();
        return services;
    }

    private static void BindAllowedBuckets(BucketsOptions options, IConfigurationSection section)
    {
        // Children win: an empty JSON array ("Allowed": []) also leaves an empty value on the section.
        var allowed = section.GetSection("Allowed");
        var values = allowed.GetChildren().Select(child => child.Value).ToList();
        if (values.Count == 0)
        {
            values.Add(allowed.Value);
        }

        options.Allowed.AddRange(values
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
    }
}
