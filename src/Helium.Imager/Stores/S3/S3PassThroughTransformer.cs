using Helium.Imager.Addressing;
using Helium.Imager.Problems;
using Yarp.ReverseProxy.Forwarder;

namespace Helium.Imager.Stores.S3;

/// <summary>
/// Shapes one forwarded request: the client's headers are not copied wholesale, only the ones that
/// select bytes or validators (Range, If-*), so a client's Authorization, x-amz-* or cookies never
/// reach the store; the request is then signed with the server's credentials. Successful responses are
/// copied minus store-internal headers; store errors become problem+json instead of the store's XML.
/// </summary>
internal sealed class S3PassThroughTransformer(Uri serviceUrl, ObjectAddress address, S3RequestSigner signer) : HttpTransformer
{
    private static readonly string[] ForwardedRequestHeaders =
        ["Range", "If-Range", "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"];

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        proxyRequest.Method = HttpMethods.IsHead(httpContext.Request.Method) ? HttpMethod.Head : HttpMethod.Get;
        proxyRequest.Content = null;
        proxyRequest.RequestUri = S3ObjectUrl.For(serviceUrl, address);
        proxyRequest.Headers.Host = null;

        foreach (var name in ForwardedRequestHeaders)
        {
            if (httpContext.Request.Headers.TryGetValue(name, out var values))
            {
                proxyRequest.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        signer.Sign(proxyRequest);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            return false; // No response at all: the caller reports the forwarder error.
        }

        var status = (int)proxyResponse.StatusCode;
        if (status is StatusCodes.Status200OK or StatusCodes.Status206PartialContent or StatusCodes.Status304NotModified)
        {
            await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
            RemoveStoreHeaders(httpContext.Response.Headers);
            RestoreNotModifiedEntityTag(httpContext, status);
            return true;
        }

        var (problem, detail) = MapStoreError(status);
        httpContext.Response.Headers.Clear();
        if (status == StatusCodes.Status416RangeNotSatisfiable && proxyResponse.Content.Headers.TryGetValues("Content-Range", out var range))
        {
            httpContext.Response.Headers.ContentRange = range.ToArray();
        }

        await ProblemResponses.WriteAsync(httpContext, problem, detail);
        return false;
    }

    private (ProblemType Problem, string? Detail) MapStoreError(int status)
    {
        var problem = ProblemType.ForStoreStatus(status);
        return (problem, problem == ProblemType.NotFound ? $"There is no object '{address.Key}' in bucket '{address.Bucket}'."
            : problem == ProblemType.StoreDenied ? $"The store refused the server's credentials for bucket '{address.Bucket}'."
            : problem == ProblemType.StoreUnavailable ? $"The store answered {status}."
            : null);
    }

    /// <summary>RFC 9110 §15.4.5: a 304 carries the ETag a 200 would have, so caches can refresh their
    /// entry. radosgw leaves it out; when the client named one entity tag, that is the one that matched.</summary>
    private static void RestoreNotModifiedEntityTag(HttpContext context, int status)
    {
        if (status != StatusCodes.Status304NotModified || context.Response.Headers.ETag.Count > 0)
        {
            return;
        }

        if (Microsoft.Net.Http.Headers.EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var tags)
            && tags is [{ IsWeak: false } tag] && tag != Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any)
        {
            context.Response.Headers.ETag = tag.ToString();
        }
    }

    /// <summary>x-amz-* (request ids, user metadata, version ids) and x-rgw-* describe the store, not the
    /// object a client asked for.</summary>
    private static void RemoveStoreHeaders(IHeaderDictionary headers)
    {
        foreach (var name in headers.Keys.ToArray())
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("x-rgw-", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "Server", StringComparison.OrdinalIgnoreCase))
            {
                headers.Remove(name);
            }
        }
    }
}
