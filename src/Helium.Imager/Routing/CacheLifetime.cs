using System.Globalization;
using System.Text.RegularExpressions;
using Helium.Imager.Diagnostics;

namespace Helium.Imager.Routing;

/// <summary>
/// Headers a CDN can trust. A response to a signed URL with <c>expires</c> is never cacheable beyond
/// the signature's end: its max-age and s-maxage are capped at the seconds left (imgix does the same),
/// whether the rendition's own Cache-Control or the store's (pass-through) set them. And whenever CORS
/// is configured, every response says <c>Vary: Origin</c>: a CDN that stored a response made without an
/// Origin header (so without Access-Control-Allow-Origin) would otherwise serve it to cross-origin
/// callers, whose fetch or canvas then fails (the rs/cors#10 class of bug).
/// </summary>
internal static partial class CacheLifetime
{
    /// <summary>Registers the cap for this response, applied just before its headers go out.</summary>
    public static void CapToSignature(HttpContext context, TimeProvider clock) =>
        context.Response.OnStarting(() =>
        {
            if (RequestRecord.Of(context).SignedUntil is { } until && context.Response.StatusCode < 400)
            {
                var left = Math.Max(0, (long)(until - clock.GetUtcNow()).TotalSeconds);
                context.Response.Headers.CacheControl = Capped(context.Response.Headers.CacheControl.ToString(), left);
            }

            return Task.CompletedTask;
        });

    /// <summary>Cache-Control with every max-age and s-maxage at most <paramref name="seconds"/>; one
    /// with neither gets max-age (a shared cache would otherwise apply its own default lifetime).</summary>
    internal static string Capped(string cacheControl, long seconds)
    {
        if (cacheControl.Length == 0)
        {
            return $"max-age={seconds.ToString(CultureInfo.InvariantCulture)}";
        }

        return Lifetime().IsMatch(cacheControl)
            ? Lifetime().Replace(cacheControl, match =>
                $"{match.Groups["name"].Value}={Math.Min(seconds, long.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)}")
            : $"{cacheControl}, max-age={seconds.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Adds Origin to the response's Vary (once), for every response, problems included.</summary>
    public static IApplicationBuilder UseVaryByOrigin(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var vary = context.Response.Headers.Vary;
            if (!vary.Any(value => value is not null && value.Split(',').Any(name => name.Trim().Equals("Origin", StringComparison.OrdinalIgnoreCase))))
            {
                context.Response.Headers.Append("Vary", "Origin");
            }

            return Task.CompletedTask;
        });
        return next(context);
    });

    [GeneratedRegex(@"(?<name>\b(?:max-age|s-maxage))\s*=\s*(?<seconds>\d{1,18})", RegexOptions.IgnoreCase)]
    private static partial Regex Lifetime();
}
