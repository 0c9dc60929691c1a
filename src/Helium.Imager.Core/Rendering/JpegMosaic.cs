namespace Helium.Imager.Core.Rendering;

/// <summary>An image kept as JPEG tiles of one size, row by row, <see cref="Columns"/> a row (a
/// whole-slide microscopy level): the tiles at the right and bottom edges may run past the image's
/// <see cref="Width"/> and <see cref="Height"/>, which cut them.</summary>
public sealed record JpegMosaic(IReadOnlyList<byte[]> Tiles, int TileWidth, int TileHeight, int Columns, int Width, int Height);
