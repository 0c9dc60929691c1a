using Helium.Imager.PassThrough;
using Helium.Imager.Problems;
using Helium.Imager.Transforms;
using Microsoft.AspNetCore.Http.Features;

namespace Helium.Imager.Routing;

/// <summary>GET/HEAD /{bucket}/{key}: validates the address and the bucket, then serves the object
/// unchanged, or transformed when there are query parameters.</summary>
internal static class ObjectEndpoint
{
    public static async Task HandleAsync(HttpContext context, BucketAllowlist allowlist, IPassThrough passThrough)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await ProblemResponses.WriteAsync(context, ProblemType.MethodNotAllowed, $"{context.Request.Method} is not supported; objects are read with GET or HEAD.");
            return;
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        if (!ObjectAddressParser.TryParse(rawTarget, out var address, out var error))
        {
            await ProblemResponses.WriteAsync(context, ProblemType.InvalidPath, error);
            return;
        }

        if (!allowlist.Allows(address.Bucket))
        {
            await ProblemResponses.WriteAsync(context, ProblemType.BucketNotAllowed, $"Bucket '{address.Bucket}' is not in Buckets:Allowed.");
            return;
        }

        if (address.Key.Length == 0)
        {
            await ProblemResponses.WriteAsync(context, ProblemType.NotFound, "Bucket listings are not served; ask for /{bucket}/{key}.");
            return;
        }

        if (context.Request.Query.Count > 0)
        {
            await TransformEndpoint.HandleAsync(context, address);
            return;
        }

        await passThrough.ServeAsync(context, address);
    }
}
