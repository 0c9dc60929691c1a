using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Rendering;

/// <summary>
/// The one pixel pipeline every kind of source ends in: crop, rotate, resize, fit, flip, effects,
/// encode. Raster images enter it encoded; a kind that decodes its own pixels (a DICOM frame after its
/// display pipeline) or has a helper program draw them (a PDF page) hands over what it has. A pixel
/// engine is one implementation of this.
/// </summary>
public interface IPixelPipeline
{
    /// <summary>Decodes an image of one of the raster formats and renders it.</summary>
    /// <param name="flatten">Lay the image on the plan's background first (a rendered document page,
    /// whose unpainted areas are transparent).</param>
    Rendition Render(ReadOnlyMemory<byte> source, SourceFormat format, TransformPlan plan, FormatChoice choice, bool flatten = false);

    /// <summary>Renders pixels another decoder made (read where they lie).</summary>
    /// <param name="flatten">As for <see cref="Render"/>.</param>
    Rendition RenderDecoded(DecodedPixels decoded, TransformPlan plan, FormatChoice choice, bool flatten = false);

    /// <summary>Renders frames another decoder made as one animation: <paramref name="strip"/> holds
    /// them stacked top to bottom, each <paramref name="delaysMs"/> long, looping for ever. Every
    /// transform applies to every frame; the encoder must hold animation (GIF, WebP).</summary>
    Rendition RenderAnimation(DecodedPixels strip, int[] delaysMs, TransformPlan plan, FormatChoice choice);

    /// <summary>Renders an image kept as JPEG tiles, each decoded at 1/<paramref name="shrink"/> of its
    /// size (1, 2, 4 or 8, dividing the tile's sides) and laid out in place.</summary>
    Rendition RenderMosaic(JpegMosaic mosaic, int shrink, TransformPlan plan, FormatChoice choice);

    /// <summary>The samples of a one-component 8-bit JPEG of <paramref name="width"/> ×
    /// <paramref name="height"/>, decoded at 1/<paramref name="shrink"/> of its size (1, 2, 4 or 8; sides
    /// rounded up), row by row: a grey DICOM frame, whose display pipeline runs on them next. Null when
    /// the JPEG is not that (other components, another size) or cannot be decoded: GDCM then tries.</summary>
    byte[]? DecodeGreyJpeg(byte[] jpeg, int width, int height, int shrink);
}
