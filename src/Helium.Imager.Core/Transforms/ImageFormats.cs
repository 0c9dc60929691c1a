namespace Helium.Imager.Core.Transforms;

/// <summary>What each output format is and allows.</summary>
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
