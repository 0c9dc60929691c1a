using Helium.Imager.Core.Configuration;
using Helium.Imager.Renditions;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Events;

internal static class EventsRegistration
{
    /// <summary>Events:Token, Warm:QueueLength and Warm:Rules, checked at start-up (presets named by a
    /// rule must exist, its bucket must be allowed), and the background queue.</summary>
    public static IServiceCollection AddBucketEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var presets = Presets.Read(configuration).Keys.ToHashSet(StringComparer.Ordinal);
        var allowed = SettingsList.Read(configuration.GetSection($"{BucketsOptions.Section}:Allowed")).ToList();
        services.AddOptions<EventsOptions>()
            .Configure(options =>
            {
                options.Token = configuration[$"{EventsOptions.Section}:Token"];
                options.QueueLength = configuration.GetValue($"{WarmSection}:QueueLength", options.QueueLength);
                foreach (var rule in configuration.GetSection($"{WarmSection}:Rules").GetChildren())
                {
                    var warm = new WarmRule { Bucket = rule["Bucket"] ?? "", Prefix = rule["Prefix"] ?? "", Suffix = rule["Suffix"] ?? "" };
                    warm.Presets.AddRange(SettingsList.Read(rule.GetSection("Presets")));
                    options.Rules[rule.Key] = warm;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventsOptions>>(new SettingsCheck<EventsOptions>(options => EventsOptions.Failures(options, presets, allowed)));
        services.AddSingleton<WarmQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<WarmQueue>());
        return services;
    }

    /// <summary>The section of the rules and the queue's length.</summary>
    public const string WarmSection = "Warm";

    /// <summary>Maps the endpoint when Events:Token is set; without it the path is an ordinary (invalid) address.</summary>
    public static void MapBucketEvents(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<EventsOptions>>().Value.Enabled)
        {
            app.MapPost(EventsEndpoint.Path, EventsEndpoint.HandleAsync);
        }
    }
}
