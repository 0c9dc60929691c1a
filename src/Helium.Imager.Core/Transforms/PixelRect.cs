namespace Helium.Imager.Core.Transforms;

/// <summary>A rectangle in pixels: <c>crop=x,y,w,h</c> on the source, or a crop of a resized image.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public override string ToString() => FormattableString.Invariant($"{X},{Y},{Width},{Height}");
}
