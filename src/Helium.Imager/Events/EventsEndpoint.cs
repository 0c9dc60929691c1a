using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Events;

/// <summary>
/// <c>POST /_events/s3</c> (no bucket name can start with '_'): S3 event notifications as radosgw
/// (an SNS topic's HTTP push endpoint) and MinIO (a webhook target) deliver them. The token comes as
/// <c>?token=</c> in the push endpoint's URL (radosgw) or as <c>Authorization: Bearer</c> (MinIO's
/// auth_token) and is compared in constant time; without it, 401 and nothing done. Matching records are
/// queued for the background (<see cref="WarmQueue"/>) and the delivery is answered at once, so that
/// the store never waits for a render nor retries.
/// </summary>
internal static class EventsEndpoint
{
    public const string Path = "/_events/s3";

    /// <summary>A delivery carries a few records; radosgw and MinIO send one a delivery.</summary>
    private const int MaxBodyBytes = 1 << 20;

    public static async Task HandleAsync(HttpContext context, IOptions<EventsOptions> options, IOptions<LimitsOptions> limits, WarmQueue queue, HeliumMetrics metrics, ILogger<WarmQueue> logger)
    {
        RequestRecord.Of(context).Kind = RouteKind.Events;
        if (!Authorized(context, options.Value.Token!))
        {
            Log.EventRefused(logger, "no valid token");
            await ProblemResponses.WriteAsync(context, ProblemType.EventsUnauthorized, "This delivery carries no valid token (?token= or Authorization: Bearer).");
            return;
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        List<S3EventRecord> records;
        try
        {
            records = body is null ? throw new JsonException("The body is larger than 1 MiB.") : S3EventRecord.Parse(body);
        }
        catch (JsonException e)
        {
            await ProblemResponses.WriteAsync(context, ProblemType.InvalidEvent, $"The body is not an S3 event notification: {e.Message}");
            return;
        }

        var (queued, dropped) = (0, 0);
        foreach (var record in records)
        {
            metrics.EventReceived(record.IsCreated ? "created" : record.IsRemoved ? "removed" : "other");
            foreach (var work in WorkFor(record, options.Value, limits.Value.RangedReadAbove))
            {
                _ = queue.TryAdd(work) ? queued++ : dropped++;
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"records\":{records.Count},\"queued\":{queued},\"dropped\":{dropped}}}", context.RequestAborted);
    }

    /// <summary>A new object that a rule matches: its frames located first when it is large enough to be
    /// read by range (so that the first request for any frame reads only that frame; an object whose
    /// record gives no size is tried), then each preset of each rule it matches; a deleted one: the
    /// removal of its renditions, whatever the rules say (a rendition of any transform may have been
    /// asked for).</summary>
    private static IEnumerable<WarmWork> WorkFor(S3EventRecord record, EventsOptions options, long rangedReadAbove)
    {
        var source = new ObjectAddress(record.Bucket, record.Key);
        if (record.IsRemoved)
        {
            return [new WarmWork(source, WarmTask.Purge)];
        }

        var presets = record.IsCreated
            ? options.Rules.Values.Where(rule => rule.Matches(record.Bucket, record.Key)).SelectMany(rule => rule.Presets).Distinct(StringComparer.Ordinal).ToList()
            : [];
        var renders = presets.Select(preset => new WarmWork(source, WarmTask.Render, preset));
        var index = presets.Count > 0 && (record.Size is null || record.Size > rangedReadAbove);
        return index ? [new WarmWork(source, WarmTask.Index), .. renders] : renders;
    }

    private static bool Authorized(HttpContext context, string token)
    {
        var given = context.Request.Query["token"].ToString();
        if (given.Length == 0 && context.Request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            given = authorization["Bearer ".Length..].Trim();
        }

        // Hashes of equal length: the comparison takes the same time whatever the token's length.
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>The body, or null when it passes the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
