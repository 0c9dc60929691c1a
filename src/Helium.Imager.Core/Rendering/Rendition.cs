using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Rendering;

/// <summary>An encoded result.</summary>
public sealed record Rendition(byte[] Content, ImageFormat Format, int Width, int Height)
{
    public string ContentType => ImageFormats.ContentType(Format);
}
