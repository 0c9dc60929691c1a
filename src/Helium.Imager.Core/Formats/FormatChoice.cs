using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Formats;

/// <summary>
/// The output format as far as it is known before decoding: a fixed format, or "JPEG if opaque, PNG
/// if it has alpha". Either way the result is a function of (source, transform, choice), which is why
/// <see cref="Token"/> can stand in the cache key before the image has been seen.
/// </summary>
public readonly record struct FormatChoice(ImageFormat? Fixed, bool VariesWithAccept)
{
    public string Token => Fixed?.ToString().ToLowerInvariant() ?? "jpeg-or-png";

    public ImageFormat Resolve(bool hasAlpha) => Fixed ?? (hasAlpha ? ImageFormat.Png : ImageFormat.Jpeg);

    /// <summary>The format part of a cache key, known before the source is read: the explicit format,
    /// what Accept allows for format=auto, or "source" (whatever follows from the source itself).</summary>
    public static string KeyToken(RequestedFormat requested, string? accept, bool animation = false) =>
        requested == RequestedFormat.Source && !animation ? "source" : For(requested, null, accept, animation).Token;

    /// <summary>format=…, format=auto against the Accept header, or the source's own format when browsers
    /// show it. An <paramref name="animation"/> made from frames (a DICOM cine clip) is WebP when asked
    /// for or accepted, GIF otherwise.</summary>
    public static FormatChoice For(RequestedFormat requested, SourceFormat? source, string? accept, bool animation = false) => (requested, animation) switch
    {
        (RequestedFormat.Auto, true) => new(Accepts(accept, "image/webp") ? ImageFormat.WebP : ImageFormat.Gif, true),
        (RequestedFormat.Source, true) => new(ImageFormat.Gif, false),
        _ => For(requested, source, accept),
    };

    private static FormatChoice For(RequestedFormat requested, SourceFormat? source, string? accept) => requested switch
    {
        RequestedFormat.Jpeg => new(ImageFormat.Jpeg, false),
        RequestedFormat.Png => new(ImageFormat.Png, false),
        RequestedFormat.WebP => new(ImageFormat.WebP, false),
        RequestedFormat.Avif => new(ImageFormat.Avif, false),
        RequestedFormat.Gif => new(ImageFormat.Gif, false),
        RequestedFormat.Auto => new(Accepts(accept, "image/avif") ? ImageFormat.Avif : Accepts(accept, "image/webp") ? ImageFormat.WebP : null, true),
        _ => new(source?.ShownAs, false),
    };

    /// <summary>True when the Accept header names the type with a non-zero quality.</summary>
    public static bool Accepts(string? accept, string mediaType)
    {
        if (string.IsNullOrEmpty(accept))
        {
            return false;
        }

        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';');
            if (!parts[0].Trim().Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var q = parts.Skip(1).Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase));
            return q is null || !double.TryParse(q[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var quality) || quality > 0;
        }

        return false;
    }
}
