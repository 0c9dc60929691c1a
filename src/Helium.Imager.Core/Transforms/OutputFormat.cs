namespace Helium.Imager.Core.Transforms;

/// <summary>What the client asked for with <c>format=</c>.</summary>
public enum RequestedFormat
{
    /// <summary>No <c>format</c>: the source's format when browsers show it, else JPEG or PNG by alpha.</summary>
    Source,

    /// <summary><c>format=auto</c>: the best the Accept header allows (AVIF, WebP, then JPEG/PNG by alpha).</summary>
    Auto,

    Jpeg,
    Png,
    WebP,
    Avif,
    Gif,
}

/// <summary>An encoder the server writes.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
    Avif,
    Gif,
}

public static class ImageFormats
{
    public static string ContentType(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.WebP => "image/webp",
        ImageFormat.Avif => "image/avif",
        ImageFormat.Gif => "image/gif",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static bool SupportsAlpha(ImageFormat format) => format is not ImageFormat.Jpeg;

    public static bool SupportsAnimation(ImageFormat format) => format is ImageFormat.Gif or ImageFormat.WebP;

    /// <summary>Quality when none is asked for: each codec's usual web setting.</summary>
    public static int DefaultQuality(ImageFormat format) => format switch
    {
        ImageFormat.Avif => 60,
        _ => 80,
    };
}
