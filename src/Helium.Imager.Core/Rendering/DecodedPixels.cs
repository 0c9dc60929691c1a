namespace Helium.Imager.Core.Rendering;

/// <summary>An image another decoder made, upright, row by row, 8 bits a sample: 1 band (grey), 2
/// (grey and alpha), 3 (sRGB) or 4 (sRGB and alpha). The memory belongs to that decoder, which keeps
/// it alive and unchanged until the pipeline has returned: the pixels are read where they lie, not
/// copied (18 MB for a 6-megapixel image). Colour pixels may come with the ICC profile they are in,
/// for the pipeline to convert to sRGB (<see cref="IccProfile"/>).</summary>
public sealed record DecodedPixels(IntPtr Pixels, long Length, int Width, int Height, int Bands)
{
    /// <summary>The profile of colour (3 or 4 band) pixels not yet in sRGB; null when they are.</summary>
    public byte[]? IccProfile { get; init; }
}
