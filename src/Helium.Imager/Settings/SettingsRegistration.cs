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

        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidation>();
        services.AddSingleton<IValidateOptions<S3Options>, S3OptionsValidation>();
        services.AddSingleton<IValidateOptions<BucketsOptions>, BucketsOptionsValidation>();
        return services;
    }

    private static void BindAllowedBuckets(BucketsOptions options, IConfigurationSection section)
    {
        var allowed = section.GetSection("Allowed");
        var values = allowed.Value is { } single
            ? single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : allowed.GetChildren().Select(child => child.Value?.Trim()).OfType<string>().Where(v => v.Length > 0);
        options.Allowed.AddRange(values);
    }
}
