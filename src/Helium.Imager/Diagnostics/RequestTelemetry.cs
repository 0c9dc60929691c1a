using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Helium.Imager.Security;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Diagnostics;

/// <summary>
/// Around every request: counts the response bytes, then records the request in the metrics and
/// writes its one log line (method, path, query without the signature, status, duration, route kind,
/// bytes). Object keys are hashed unless RequestLog:Keys is Plain. Health and metrics scrapes are
/// logged at Debug, so that probes do not drown the log.
/// </summary>
internal sealed class RequestTelemetry(RequestDelegate next, HeliumMetrics metrics, AuditTrail audit, IOptions<RequestLogOptions> options, ILogger<RequestTelemetry> logger)
{
    private const int MaxLoggedQuery = 512;
    private readonly bool _plainKeys = options.Value.Keys == RequestLogOptions.PlainKeys;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var record = new RequestRecord();
        context.Features.Set(record);
        var body = new CountingStream(context.Response.Body);
        context.Response.Body = body;
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var aborted = context.RequestAborted.IsCancellationRequested;
            var status = aborted && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            metrics.Answered(record.Kind, status, elapsed, body.Written, record.Problem);
            audit.Write(context, record, status, body.Written);
            if (record.Kind is RouteKind.Health or RouteKind.Metrics)
            {
                Log.ProbeAnswered(logger, context.Request.Method, context.Request.Path.Value ?? "/", status, elapsed.TotalMilliseconds);
            }
            else if (logger.IsEnabled(LogLevel.Information))
            {
                var path = LoggedPath(record);
                var query = LoggedQuery(context.Request.QueryString);
                Log.RequestAnswered(logger, context.Request.Method, path, query, status, elapsed.TotalMilliseconds, record.Kind, body.Written, aborted);
            }
        }
    }

    private string LoggedPath(RequestRecord record) => record.Address switch
    {
        null => "-",
        { } address when _plainKeys => $"/{address.Bucket}/{address.Key}",
        { } address => $"/{address.Bucket}/#{KeyHash(address.Key)}",
    };

    private static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 6));

    /// <summary>The query as sent, with the signature's value left out (it authorizes the URL) and the
    /// viewer's identity (<c>sub</c>, which only the audit trail records) left out entirely.</summary>
    private static string LoggedQuery(QueryString query)
    {
        if (!query.HasValue)
        {
            return "";
        }

        var parts = query.Value![1..].Split('&')
            .Where(part => !part.StartsWith(UrlSignature.SubjectParameter + "=", StringComparison.Ordinal))
            .Select(part => part.StartsWith(UrlSignature.SignatureParameter + "=", StringComparison.Ordinal) ? UrlSignature.SignatureParameter + "=redacted" : part);
        var logged = string.Join('&', parts);
        return logged.Length <= MaxLoggedQuery ? logged : logged[..MaxLoggedQuery] + "…";
    }
}
