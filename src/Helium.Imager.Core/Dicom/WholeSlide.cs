using Helium.Imager.Core.Rendering;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// A VL Whole Slide Microscopy image whose frames are the tiles of one plane (Dimension Organization
/// Type TILED_FULL: row by row across the Total Pixel Matrix, one focal plane and optical path), each a
/// JPEG in its own fragment. Without <c>frame=</c> it renders as the whole plane: each tile decoded by
/// libvips at 1/2, 1/4 or 1/8 where the output allows, laid out, then the transforms; with
/// <c>frame=N</c> it is one tile as before. Other tiled encodings render their first tile.
/// </summary>
public static class WholeSlide
{
    public const string SopClass = "1.2.840.10008.5.1.4.1.1.77.1.6";

    private static readonly string[] JpegTransferSyntaxes = ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"];

    /// <summary>How a tiled plane is laid out: tiles of <paramref name="TileWidth"/> ×
    /// <paramref name="TileHeight"/>, <paramref name="Columns"/> × <paramref name="Rows"/> of them, cut to
    /// <paramref name="Width"/> × <paramref name="Height"/>.</summary>
    public sealed record Layout(int TileWidth, int TileHeight, int Columns, int Rows, int Width, int Height);

    /// <summary>The plane as JPEG tiles, or null when the file is not a tiled whole-slide image of JPEG
    /// tiles whose count and sizes agree with its Total Pixel Matrix.</summary>
    public static JpegMosaic? Tiles(DicomTopLevel top, byte[] file)
    {
        if (LayoutOf(top) is not { } layout || top.Fragments.Count != layout.Columns * layout.Rows)
        {
            return null;
        }

        var tiles = top.Fragments.Select(fragment => file.AsSpan(fragment.Offset, fragment.Length).ToArray()).ToList();
        return new JpegMosaic(tiles, layout.TileWidth, layout.TileHeight, layout.Columns, layout.Width, layout.Height);
    }

    /// <summary>The layout of a tiled whole-slide image of JPEG tiles, one a frame, from its top level
    /// alone; null when it is not one.</summary>
    public static Layout? LayoutOf(DicomTopLevel top)
    {
        var (tileWidth, tileHeight) = (top.Number(DicomTopLevel.Columns), top.Number(DicomTopLevel.Rows));
        var (width, height) = (top.Number(DicomTopLevel.TotalPixelMatrixColumns), top.Number(DicomTopLevel.TotalPixelMatrixRows));
        if (top.Text(DicomTopLevel.SopClassUid) != SopClass || top.Text(DicomTopLevel.DimensionOrganizationType) != "TILED_FULL"
            || !JpegTransferSyntaxes.Contains(top.TransferSyntax) || tileWidth < 1 || tileHeight < 1 || width < 1 || height < 1)
        {
            return null;
        }

        var columns = (width + tileWidth - 1) / tileWidth;
        var rows = (height + tileHeight - 1) / tileHeight;
        return (long)columns * rows == Math.Max(top.Number(DicomTopLevel.NumberOfFrames), 1) ? new Layout(tileWidth, tileHeight, columns, rows, width, height) : null;
    }

    /// <summary>How much each tile is shrunk while decoding: the most of 1, 2, 4, 8 that divides the
    /// tile's sides and keeps the plane at least the output's size.</summary>
    public static int Shrink(JpegMosaic mosaic, DecodeSize size)
    {
        var shrink = 1 << size.Reduction(mosaic.Width, mosaic.Height, 3);
        while (shrink > 1 && (mosaic.TileWidth % shrink != 0 || mosaic.TileHeight % shrink != 0))
        {
            shrink /= 2;
        }

        return shrink;
    }
}
