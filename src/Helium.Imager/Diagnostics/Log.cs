using Yarp.ReverseProxy.Forwarder;

namespace Helium.Imager.Diagnostics;

/// <summary>Every log message of the server, defined once. Keys are not logged (they can carry patient
/// identifiers in hospital deployments); buckets are.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Helium Imager {Version} serving store kind {Kind} with {BucketCount} explicitly allowed bucket(s)")]
    public static partial void Started(ILogger logger, string version, string kind, int bucketCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Buckets:Allowed is empty and this store opens no bucket without it: every object request will get 403")]
    public static partial void NoBucketsAllowed(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Security:SignPassThrough is no longer read: with a signing key every URL must be signed, pass-through included; list the buckets anyone may read in Buckets:Public")]
    public static partial void SignPassThroughRetired(ILogger logger);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Requests come with X-Forwarded-For from {Peer}, which ForwardedHeaders:KnownProxies and KnownNetworks do not list: the header is ignored, so every client behind that proxy shares one render quota. List the proxy if it is yours (logged once)")]
    public static partial void UntrustedForwarder(ILogger logger, string peer);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Pass-through from bucket {Bucket} ended early because the client went away ({Error})")]
    public static partial void PassThroughClientAborted(ILogger logger, string bucket, ForwarderError error);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Pass-through from bucket {Bucket} failed: {Error} ({ExceptionType}: {ExceptionMessage})")]
    public static partial void PassThroughFailed(ILogger logger, string bucket, ForwarderError error, string exceptionType, string exceptionMessage);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "A rendition from bucket {Bucket} was served but could not be stored in the cache ({ExceptionType}: {ExceptionMessage})")]
    public static partial void CacheStoreFailed(ILogger logger, string bucket, string exceptionType, string exceptionMessage);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "Cache folder: evicted {Count} least recently used renditions ({Freed} bytes); {Kept} bytes kept of Cache:MaxBytes {Limit}")]
    public static partial void Evicted(ILogger logger, int count, long freed, long kept, long limit);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "Cache folder eviction failed this time ({ExceptionType}: {ExceptionMessage}); it tries again at the next interval")]
    public static partial void EvictionFailed(ILogger logger, string exceptionType, string exceptionMessage);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Answered {Problem} because of {CauseType}: {CauseMessage}")]
    public static partial void ProblemCause(ILogger logger, string problem, string causeType, string causeMessage);

    [LoggerMessage(EventId = 50, EventName = "Audit", Level = LogLevel.Information, Message = "{Record}")]
    public static partial void Audit(ILogger logger, string record);

    [LoggerMessage(EventId = 40, EventName = "Request", Level = LogLevel.Information, Message = "{Method} {Path} {Query} -> {Status} in {DurationMs:0.0} ms ({Kind}, {Bytes} bytes, aborted {Aborted})")]
    public static partial void RequestAnswered(ILogger logger, string method, string path, string query, int status, double durationMs, string kind, long bytes, bool aborted);

    [LoggerMessage(EventId = 41, EventName = "Probe", Level = LogLevel.Debug, Message = "{Method} {Path} -> {Status} in {DurationMs:0.0} ms")]
    public static partial void ProbeAnswered(ILogger logger, string method, string path, int status, double durationMs);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Store not ready: {Reason}")]
    public static partial void NotReady(ILogger logger, string reason);

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Warming from a bucket event failed (bucket {Bucket}, preset {Preset}): {Problem}: {Message}")]
    public static partial void WarmFailed(ILogger logger, string bucket, string preset, string problem, string message);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "A bucket event delivery was refused: {Reason}")]
    public static partial void EventRefused(ILogger logger, string reason);
}
