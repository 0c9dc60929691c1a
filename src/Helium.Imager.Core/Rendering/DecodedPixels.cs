namespace Helium.Imager.Core.Rendering;

/// <summary>An image decoded to 8-bit sRGB, upright, row by row: 3 bands (RGB) or 4 (RGBA).</summary>
public sealed record DecodedPixels(byte[] Pixels, int Width, int Height, int Bands);
