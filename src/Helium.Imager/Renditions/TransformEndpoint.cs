using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Renditions;

/// <summary>Writes a transform's outcome (or its problem) as the HTTP response.</summary>
internal sealed class TransformEndpoint(TransformService service, IOptions<CacheOptions> cache, ILogger<TransformEndpoint> logger)
{
    public const string CacheHeader = "X-Imager-Cache";

    private readonly string _cacheControl = $"public, max-age={(long)cache.Value.MaxAge.TotalSeconds}"
        + (cache.Value.SharedMaxAge is { } shared ? $", s-maxage={(long)shared.TotalSeconds}" : "");

    public async Task HandleAsync(HttpContext context, ObjectAddress address, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var request = context.Request;
        var record = RequestRecord.Of(context);
        record.Kind = RouteKind.TransformFailed;
        TransformOutcome outcome;
        try
        {
            outcome = await service.RunAsync(address, query, RenderClient.Of(context), request.Headers.Accept, request.Headers.IfNoneMatch, context.RequestAborted);
        }
        catch (Exception e) when (ProblemMapping.Map(e) is { } known)
        {
            // The client reads our words; the library's or the store's own stay in the log.
            if (e.InnerException is { } cause)
            {
                var causeType = cause.GetType().Name;
                Log.ProblemCause(logger, known.Problem.Slug, causeType, cause.Message);
            }

            await ProblemResponses.WriteAsync(context, known.Problem, known.Detail);
            return;
        }

        var response = context.Response;
        response.Headers.ETag = $"\"{outcome.Hash}\"";
        response.Headers.CacheControl = _cacheControl;
        if (outcome.VariesWithAccept)
        {
            response.Headers.Append("Vary", "Accept"); // beside Origin, when CORS put it there
        }

        record.Kind = outcome is TransformOutcome.Fresh ? RouteKind.TransformMiss : RouteKind.TransformHit;
        var head = HttpMethods.IsHead(request.Method);
        switch (outcome)
        {
            case TransformOutcome.NotModified:
                response.StatusCode = StatusCodes.Status304NotModified;
                break;

            case TransformOutcome.Hit hit:
                await using (hit.Cached)
                {
                    record.Labels = hit.Cached.Labels;
                    response.Headers[CacheHeader] = "hit";
                    response.ContentType = hit.Cached.ContentType;
                    response.ContentLength = hit.Cached.Length;
                    if (!head)
                    {
                        await hit.Cached.Content.CopyToAsync(response.Body, context.RequestAborted);
                    }
                }

                break;

            case TransformOutcome.Fresh fresh:
                record.Labels = fresh.Output.Labels;
                response.Headers[CacheHeader] = "miss";
                response.ContentType = fresh.Output.ContentType;
                response.ContentLength = fresh.Output.Content.Length;
                if (!head)
                {
                    await response.Body.WriteAsync(fresh.Output.Content, context.RequestAborted);
                }

                break;
        }
    }
}
