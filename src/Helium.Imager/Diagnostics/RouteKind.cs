namespace Helium.Imager.Diagnostics;

/// <summary>The route kinds of the metrics' "kind" label and the request log.</summary>
internal static class RouteKind
{
    public const string PassThrough = "pass-through";

    /// <summary>A transform answered from the cache, or 304 by its rendition ETag.</summary>
    public const string TransformHit = "transform-hit";

    /// <summary>A transform rendered for this request (or for a request it joined).</summary>
    public const string TransformMiss = "transform-miss";

    /// <summary>A transform that ended in a problem (bad query, bad source, overload …).</summary>
    public const string TransformFailed = "transform-failed";

    public const string Health = "health";

    public const string Metrics = "metrics";

    /// <summary>A bucket event delivery (POST /_events/s3).</summary>
    public const string Events = "events";

    /// <summary>Refused before a route was chosen: bad method, bad path, bucket not allowed, bad signature.</summary>
    public const string Other = "other";
}
