using System.Net;

namespace Helium.Imager.Settings;

/// <summary><c>ForwardedHeaders:KnownProxies</c> and <c>ForwardedHeaders:KnownNetworks</c>: the reverse
/// proxies whose <c>X-Forwarded-For</c> is believed. Empty (the default): nobody's is, and every client
/// is the address it connects from. A client address decides its render quota and appears in the audit
/// trail, so only proxies named here may say what it is.</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses (<c>127.0.0.1</c>, <c>10.0.0.5</c>), bound as <c>Buckets:Allowed</c> is.</summary>
    public List<string> KnownProxies { get; } = [];

    /// <summary>Networks in CIDR form (<c>10.42.0.0/16</c>), for proxies whose address changes (an ingress's pods).</summary>
    public List<string> KnownNetworks { get; } = [];

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public static IEnumerable<string> Failures(ProxyOptions options) =>
        options.KnownProxies.Where(proxy => !IPAddress.TryParse(proxy, out _))
            .Select(proxy => $"ForwardedHeaders:KnownProxies contains '{proxy}', which is not an IP address.")
            .Concat(options.KnownNetworks.Where(network => !IPNetwork.TryParse(network, out _))
                .Select(network => $"ForwardedHeaders:KnownNetworks contains '{network}', which is not a network such as 10.42.0.0/16."));
}
