namespace Helium.Imager.Diagnostics;

internal static class MetricsEndpoint
{
    /// <summary>/metrics: this server's metrics in the Prometheus text format.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", async (HttpContext context, HeliumMetrics metrics) =>
        {
            RequestRecord.Mark(context, RouteKind.Metrics);
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        return endpoints;
    }
}
