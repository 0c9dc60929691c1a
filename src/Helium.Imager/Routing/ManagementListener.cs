using System.Net;
using Helium.Imager.Problems;
using Helium.Imager.Settings;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Routing;

/// <summary>
/// /metrics is for the operator's scraper, not the public. With <c>Management:Urls</c>, a request
/// that arrives on a management port may ask for /metrics and the health probes only, and the public
/// port does not serve /metrics. Without it, /metrics answers a client on this machine only (loopback,
/// and no proxy header saying it speaks for someone else).
/// </summary>
internal static class ManagementListener
{
    private static readonly PathString Metrics = "/metrics";
    private static readonly PathString[] ManagementPaths = [Metrics, "/healthz", "/readyz"];

    public static IApplicationBuilder UseManagementListener(this IApplicationBuilder app)
    {
        var ports = app.ApplicationServices.GetRequiredService<IOptions<ManagementOptions>>().Value.Ports;
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            string? refusal = null;
            if (ports.Contains(context.Connection.LocalPort))
            {
                if (!ManagementPaths.Any(allowed => Is(path, allowed)))
                {
                    refusal = "This is a management listener (Management:Urls): it serves /metrics, /healthz and /readyz only.";
                }
            }
            else if (Is(path, Metrics))
            {
                refusal = ports.Count > 0 ? "/metrics is served on the management listener (Management:Urls) only."
                    : !IsLocal(context) ? "/metrics answers clients on this machine only; set Management:Urls to scrape it from elsewhere."
                    : null;
            }

            if (refusal is null)
            {
                await next(context);
                return;
            }

            await ProblemResponses.WriteAsync(context, ProblemType.NotFound, refusal);
        });
    }

    /// <summary>The path, with or without a trailing slash, as routing matches it (case-insensitively).</summary>
    private static bool Is(PathString path, PathString target) =>
        path.StartsWithSegments(target, StringComparison.OrdinalIgnoreCase, out var rest) && (!rest.HasValue || rest.Value == "/");

    private static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is not { } address || (IPAddress.IsLoopback(address)
            && !context.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName)
            && !context.Request.Headers.ContainsKey("Forwarded"));
}
