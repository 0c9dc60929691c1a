using Helium.Imager.Addressing;

namespace Helium.Imager.Diagnostics;

/// <summary>What the handlers learned about a request, for its log line and metrics: which kind of
/// route served it and which object it addressed. Set on the request by <see cref="RequestTelemetry"/>.</summary>
internal sealed class RequestRecord
{
    public string Kind { get; set; } = RouteKind.Other;

    public ObjectAddress? Address { get; set; }

    /// <summary>This request's record (a detached one where the telemetry middleware is not in use).</summary>
    public static RequestRecord Of(HttpContext context) => context.Features.Get<RequestRecord>() ?? new RequestRecord();

    public static void Mark(HttpContext context, string kind) => Of(context).Kind = kind;
}
