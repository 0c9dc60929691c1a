using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Routing;
using Helium.Imager.Settings;
using Helium.Imager.Storage;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Transforms;

/// <summary>Writes a transform's outcome (or its problem) as the HTTP response.</summary>
internal static class TransformEndpoint
{
    public const string CacheHeader = "X-Imager-Cache";

    public static async Task HandleAsync(HttpContext context, ObjectAddress address, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var services = context.RequestServices;
        var service = services.GetRequiredService<TransformService>();
        var request = context.Request;
        var record = RequestRecord.Of(context);
        record.Kind = RouteKind.TransformFailed;
        TransformOutcome outcome;
        try
        {
            outcome = await service.RunAsync(address, query, request.Headers.Accept, request.Headers.IfNoneMatch, context.RequestAborted);
        }
        catch (TransformFailedException failure)
        {
            if (failure.Problem == ProblemType.Overloaded)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await ProblemResponses.WriteAsync(context, failure.Problem, failure.Message);
            return;
        }
        catch (StoreUnavailableException e)
        {
            await ProblemResponses.WriteAsync(context, ProblemType.StoreUnavailable, e.Message);
            return;
        }

        var response = context.Response;
        response.Headers.ETag = $"\"{outcome.Hash}\"";
        response.Headers.CacheControl = $"public, max-age={(long)services.GetRequiredService<IOptions<CacheOptions>>().Value.MaxAge.TotalSeconds}";
        if (outcome.VariesWithAccept)
        {
            response.Headers.Vary = "Accept";
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
