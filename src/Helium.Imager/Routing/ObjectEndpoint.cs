using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Renditions;
using Helium.Imager.Security;
using Helium.Imager.Stores;
using Microsoft.AspNetCore.Http.Features;

namespace Helium.Imager.Routing;

/// <summary>GET/HEAD /{bucket}/{key}: validates the address and the bucket, then serves the object
/// unchanged, or transformed when there are query parameters.</summary>
internal static class ObjectEndpoint
{
    /// <summary>The cache-busting parameter: see <see cref="HandleAsync"/>.</summary>
    public const string VersionParameter = "v";

    public static async Task HandleAsync(HttpContext context, BucketAllowlist allowlist, IPassThrough passThrough, TransformEndpoint transforms, UrlSignature signature, AccessPolicy access, TimeProvider clock)
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

        RequestRecord.Of(context).Address = address;
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

        var query = QueryPairs.From(context.Request.Query);
        var subjects = query.Where(p => p.Key == UrlSignature.SubjectParameter).Select(p => p.Value).ToList();
        if (subjects.Count > 0 && (!signature.Enabled || subjects.Count > 1 || subjects[0].Length is 0 or > 256))
        {
            // An identity anyone could type would make the audit trail say whatever a client wanted.
            await ProblemResponses.WriteAsync(context, ProblemType.InvalidQuery, signature.Enabled
                ? "sub: give one viewer identity of 1 to 256 characters."
                : "sub: names the viewer for the audit trail and is only accepted on signed URLs; this server has no Security:SigningKey.");
            return;
        }

        var versions = query.Where(p => p.Key == VersionParameter).Select(p => p.Value).ToList();
        if (versions.Count > 1 || versions.Any(version => !IsVersionToken(version)))
        {
            await ProblemResponses.WriteAsync(context, ProblemType.InvalidQuery, "v: give one version token of 1 to 64 letters, digits, '.', '_', '~' or '-'.");
            return;
        }

        // v changes the URL (a CDN's and a browser's cache key), not the rendition: the cache-buster for
        // a source replaced under the same key. The signature covers it like any parameter.
        var transform = query.Where(p => p.Key != VersionParameter
            && !(signature.Enabled && p.Key is UrlSignature.SignatureParameter or UrlSignature.ExpiresParameter or UrlSignature.SubjectParameter)).ToList();
        var signed = query.Any(p => p.Key == UrlSignature.SignatureParameter);
        if (signature.Enabled && (signed || subjects.Count > 0 || access.RequiresSignature(address.Bucket)))
        {
            var problem = signature.Verify(address, query) switch
            {
                SignatureCheck.Missing => ProblemType.SignatureRequired,
                SignatureCheck.Invalid => ProblemType.SignatureInvalid,
                SignatureCheck.Expired => ProblemType.SignatureExpired,
                _ => null,
            };
            if (problem is not null)
            {
                await ProblemResponses.WriteAsync(context, problem, $"{problem.Title}: sign with the server's key (see README, \"Signed URLs\").");
                return;
            }

            if (signature.ExpiresOf(query) is { } until)
            {
                RequestRecord.Of(context).SignedUntil = until;
                CacheLifetime.CapToSignature(context, clock);
            }
        }

        RequestRecord.Of(context).Subject = subjects.FirstOrDefault();
        if (transform.Count > 0)
        {
            await transforms.HandleAsync(context, address, transform);
            return;
        }

        RequestRecord.Mark(context, RouteKind.PassThrough);
        await passThrough.ServeAsync(context, address);
    }

    private static bool IsVersionToken(string token) =>
        token.Length is > 0 and <= 64 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '-');
}
