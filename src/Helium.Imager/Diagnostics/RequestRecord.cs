using Helium.Imager.Addressing;

namespace Helium.Imager.Diagnostics;

/// <summary>What the handlers learned about a request, for its log line and metrics: which kind of
/// route served it and which object it addressed. Set on the request by <see cref="RequestTelemetry"/>.</summary>
internal sealed class RequestRecord
{
    public string Kind { get; set; } = RouteKind.Other;

    /// <summary>The problem type answered, when the answer was a problem (counted by type).</summary>
    public string? Problem { get; set; }

    public ObjectAddress? Address { get; set; }

    /// <summary>The viewer a signed URL names (<c>sub</c>), for the audit trail only.</summary>
    public string? Subject { get; set; }

    /// <summary>When the request's verified signature expires (<c>expires</c>), if it does: no response
    /// to it may be cached beyond then (<see cref="Routing.CacheLifetime"/>).</summary>
    public DateTimeOffset? SignedUntil { get; set; }

    /// <summary>The served rendition's labels (a DICOM instance's UIDs), for the audit trail only.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>This request's record (a detached one where the telemetry middleware is not in use).</summary>
    public static RequestRecord Of(HttpContext context) => context.Features.Get<RequestRecord>() ?? new RequestRecord();

    public static void Mark(HttpContext context, string kind) => Of(context).Kind = kind;
}
