using System.Text.Json;
using Helium.Imager.Diagnostics;

namespace Helium.Imager.Problems;

/// <summary>Writes RFC 9457 problem+json bodies. Details are written by the server, never copied from
/// an exception or from the store, so they cannot leak stack traces or credentials.</summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    public static Task WriteAsync(HttpContext context, ProblemType problem, string? detail = null)
    {
        RequestRecord.Of(context).Problem = problem.Slug;
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.Headers.CacheControl = "no-store";
        if (problem.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            response.ContentType = ContentType;
            return Task.CompletedTask;
        }

        var body = new ProblemBody(problem.Uri, problem.Title, problem.Status, detail ?? problem.DefaultDetail ?? problem.Title, RequestedPath(context));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, ProblemJsonContext.Default.ProblemBody);
        response.ContentType = ContentType;
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    /// <summary>The path as the client sent it (Kestrel's Request.Path has '..' already resolved).</summary>
    private static string RequestedPath(HttpContext context)
    {
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var end = raw.IndexOf('?', StringComparison.Ordinal);
        return end < 0 ? raw : raw[..end];
    }
}
