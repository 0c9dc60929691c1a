namespace Helium.Imager.Core.Transforms;

/// <summary>An encoder the server writes.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
    Avif,
    Gif,
}
