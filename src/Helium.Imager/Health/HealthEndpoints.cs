using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Stores;

namespace Helium.Imager.Health;

internal static class HealthEndpoints
{
    /// <summary>/healthz: the process answers. /readyz: this instance can serve (its renderers, its
    /// settings; the store as <see cref="StoreReadiness"/> weighs it), 503 otherwise.</summary>
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

    private static async Task ReadyAsync(HttpContext context, StoreReadiness store, RendererAvailability renderers, ILogger<IStoreProbe> logger)
    {
        RequestRecord.Mark(context, RouteKind.Health);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var state = await store.CheckAsync(timeout.Token);
        var reason = (state.Unready ? state.Problem : null) ?? await renderers.CheckAsync();
        if (reason is null)
        {
            // Ready; the store's own state beside it (an outage shorter than Health:StoreOutageGrace).
            await context.Response.WriteAsJsonAsync(
                new Readiness("ready", state.Problem is null ? "ok" : "failing", state.Problem, state.Problem is null ? null : (long)state.Failing.TotalSeconds),
                HealthJson.Default.Readiness,
                cancellationToken: context.RequestAborted);
            return;
        }

        Log.NotReady(logger, reason);
        await ProblemResponses.WriteAsync(context, ProblemType.NotReady, reason);
    }
}

/// <summary>/readyz's answer when ready.</summary>
internal sealed record Readiness(string Status, string Store, string? StoreProblem, long? StoreFailingSeconds);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Readiness))]
internal sealed partial class HealthJson : System.Text.Json.Serialization.JsonSerializerContext;
