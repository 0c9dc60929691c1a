using System.Net;

namespace Helium.Imager.Settings;

/// <summary>
/// The addresses the server will listen on, read from the settings Kestrel reads (<c>urls</c> from
/// <c>--urls</c> or <c>ASPNETCORE_URLS</c>, <c>http_ports</c>/<c>https_ports</c>, <c>Kestrel:Endpoints</c>),
/// before it listens: the start-up checks must refuse a dangerous address before a port is open.
/// </summary>
public static class ListenUrls
{
    /// <summary>Kestrel's own default when nothing is configured.</summary>
    public const string KestrelDefault = "http://localhost:5000";

    /// <summary>The listeners configured for clients (read before the management ones join them).</summary>
    public static IReadOnlyList<string> Public(IConfiguration configuration)
    {
        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]).ToList();
        if (urls.Count == 0)
        {
            urls.AddRange(Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}"));
            urls.AddRange(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}"));
        }

        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0)
        {
            urls = endpoints; // Kestrel binds its configured endpoints instead of urls.
        }

        return urls.Count > 0 ? urls : [KestrelDefault];
    }

    /// <summary>True when only this machine can connect: a loopback address, localhost, or a Unix socket.
    /// Any other host (0.0.0.0, *, +, [::], a name or an interface's address) reaches a network.</summary>
    public static bool IsLoopback(string url)
    {
        var address = BindingAddress.Parse(url);
        return address.IsUnixPipe
            || address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>The port a URL names, or null when it names none or 0 (any free port).</summary>
    public static int? Port(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            return address.IsUnixPipe || address.Port == 0 ? null : address.Port;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string[] Split(string? value) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
