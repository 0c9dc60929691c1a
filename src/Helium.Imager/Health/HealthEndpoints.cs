using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Stores;

namespace Helium.Imager.Health;

internal static class HealthEndpoints
{
    /// <summary>/healthz: the process answers. /readyz: the store can serve objects (503 otherwise).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/healthz", ["GET", "HEAD"], (HttpContext context) =>
        {
            RequestRecord.Mark(context, RouteKind.Health);
            return Results.Text("ok\n");
        });
        endpoints.MapMethods("/readyz", ["GET", "HEAD"], ReadyAsync);
        return endpoints;
    }

    private static async Task ReadyAsync(HttpContext context, IStoreProbe probe, RendererAvailability renderers, ILogger<IStoreProbe> logger)
    {
        RequestRecord.Mark(context, RouteKind.Health);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var reason = await probe.CheckAsync(timeout.Token) ?? await renderers.CheckAsync();
        if (reason is null)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ready\n", context.RequestAborted);
            return;
        }

        Log.NotReady(logger, reason);
        await ProblemResponses.WriteAsync(context, ProblemType.NotReady, reason);
    }
}
