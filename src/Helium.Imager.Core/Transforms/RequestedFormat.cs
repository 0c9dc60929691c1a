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
