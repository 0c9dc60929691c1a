using Helium.Imager.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace Helium.Imager.Routing;

/// <summary>
/// Whatever a bucket holds is served from this server's origin, so a stored page must not be able to
/// run script here (with this origin's cookies and standing). Every response says
/// <c>X-Content-Type-Options: nosniff</c>; a pass-through of a type a browser could execute or render
/// as a document (HTML, XHTML, SVG, XML, JavaScript, or a type the store did not name or we do not know)
/// also gets <c>Content-Security-Policy: default-src 'none'; sandbox</c> and
/// <c>Content-Disposition: attachment</c>. The bytes stay exactly the store's. Images, PDFs, DICOM and
/// other passive types are served as before (a sandbox policy would stop browsers showing PDFs inline);
/// renditions are images this server encoded.
/// </summary>
internal static class ContentSafety
{
    public const string ActivePolicy = "default-src 'none'; sandbox";

    /// <summary>Types served inline: none of them runs script or becomes a document with this origin.</summary>
    private static readonly string[] PassivePrefixes = ["image/", "video/", "audio/", "font/"];

    private static readonly HashSet<string> PassiveTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf", "application/dicom", "text/plain", "text/csv", "application/json", "application/zip", "application/gzip",
    };

    public static IApplicationBuilder UseContentSafety(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (RequestRecord.Of(context).Kind == RouteKind.PassThrough && context.Response.StatusCode < 400 && IsActive(context.Response.ContentType))
            {
                headers.ContentSecurityPolicy = ActivePolicy;
                headers.ContentDisposition = "attachment";
            }

            return Task.CompletedTask;
        });
        await next(context);
    });

    /// <summary>True unless the type is one a browser only displays (SVG is an image type that runs script).</summary>
    public static bool IsActive(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return true;
        }

        if (mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return !PassiveTypes.Contains(mediaType) && !PassivePrefixes.Any(prefix => mediaType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
