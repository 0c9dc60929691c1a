using Helium.Imager.Core.Configuration;
using Helium.Imager.Settings;
using Helium.Imager.Stores;
using Microsoft.Extensions.Options;

namespace Helium.Imager;

/// <summary>
/// Where the server listens, decided before it does: the management listeners join the public ones,
/// and a remote (private) store is not offered to the network without signatures unless the
/// administrator says so. Both are settings checks, so a refusal is exit code 2 and one line, before
/// any port is open.
/// </summary>
internal static class Listeners
{
    /// <summary>Kestrel's limits, chosen rather than inherited: a client that sends its headers a byte at
    /// a time is cut off after 10 s (Kestrel's own default is 30 s), an idle kept-alive connection after
    /// 30 s (2 min), and no more than 10 000 connections are open at once (unbounded). Anything under
    /// <c>Kestrel:Limits</c> in the settings still wins.</summary>
    public static void LimitConnections(WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
            kestrel.Limits.MaxConcurrentConnections = 10_000;
            builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits);
        });

    public static void Configure(WebApplicationBuilder builder)
    {
        var management = SettingsList.Read(builder.Configuration.GetSection($"{ManagementOptions.Section}:{nameof(ManagementOptions.Urls)}")).ToList();
        var publicUrls = ListenUrls.Public(builder.Configuration);
        if (management.Count > 0)
        {
            // Kestrel takes one list; the port a request arrives on tells the two apart (ManagementListener).
            builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Join(';', publicUrls.Concat(management)));
        }

        builder.Services.AddOptions<ManagementOptions>().Configure(options => options.Urls.AddRange(management)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ManagementOptions>>(new SettingsCheck<ManagementOptions>(options =>
            ManagementOptions.Failures(options, publicUrls).Concat(
                management.Count > 0 && builder.Configuration.GetSection("Kestrel:Endpoints").Exists()
                    ? ["Management:Urls cannot be combined with Kestrel:Endpoints; list the public addresses in urls (--urls, ASPNETCORE_URLS) instead."]
                    : [])));
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>>(services => new SettingsCheck<SecurityOptions>(security =>
            UnsignedExposure(security, services.GetService<StoreKind>(), publicUrls)));
    }

    /// <param name="store">Null when Store:Kind names no store (its own check reports that).</param>
    private static IEnumerable<string> UnsignedExposure(SecurityOptions security, StoreKind? store, IReadOnlyList<string> publicUrls)
    {
        if (store is null || store.Local || security.Keys.Count > 0 || security.AllowUnsigned)
        {
            yield break;
        }

        if (publicUrls.FirstOrDefault(url => !ListenUrls.IsLoopback(url)) is { } exposed)
        {
            yield return $"Store:Kind is {store.Name} and the server would listen on {exposed}, beyond loopback, with no Security:SigningKey: " +
                "whoever reaches the port could read every allowed bucket. Set Security:SigningKey (and Buckets:Public for buckets anyone may read), " +
                "or Security:AllowUnsigned=true if the network in front of the server does the access control.";
        }
    }
}
