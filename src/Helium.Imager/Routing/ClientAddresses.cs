using System.Net;
using Helium.Imager.Diagnostics;
using Helium.Imager.Settings;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Helium.Imager.Routing;

/// <summary>
/// Who the client is. Behind the proxies in <c>ForwardedHeaders:*</c>, the address they forward
/// (ASP.NET Core's forwarded-headers middleware, walking X-Forwarded-For from the right past known
/// proxies only); otherwise the address that connected, whatever headers it sends. A forwarding
/// proxy that is not listed is reported once: all its clients then share one render quota.
/// </summary>
internal static class ClientAddresses
{
    public static IApplicationBuilder UseClientAddresses(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<IOptions<ProxyOptions>>().Value;
        var known = proxies.KnownProxies.Select(IPAddress.Parse).ToList();
        var networks = proxies.KnownNetworks.Select(network => IPNetwork.Parse(network)).ToList();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClientAddresses));
        var reported = 0;
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName)
                && context.Connection.RemoteIpAddress is { } peer
                && !IsKnown(Normalized(peer), known, networks)
                && Interlocked.Exchange(ref reported, 1) == 0)
            {
                Log.UntrustedForwarder(logger, peer.ToString());
            }

            return next(context);
        });

        if (!proxies.Enabled)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null, // A chain (CDN, then ingress) is walked as far as its links are known.
        };
        options.KnownProxies.Clear(); // ASP.NET Core trusts loopback by default; here only what is listed.
        options.KnownIPNetworks.Clear();
        known.ForEach(options.KnownProxies.Add);
        networks.ForEach(options.KnownIPNetworks.Add);
        return app.UseForwardedHeaders(options);
    }

    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static bool IsKnown(IPAddress peer, List<IPAddress> known, List<IPNetwork> networks) =>
        known.Contains(peer) || networks.Any(network => network.Contains(peer));
}
