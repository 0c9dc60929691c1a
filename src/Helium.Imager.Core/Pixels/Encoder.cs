using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;
using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>
/// The last steps: the output format (JPEG or PNG by transparency, when not fixed), alpha laid on the
/// background where the format has none, and the encoding at the format's quality, with no metadata
/// (the orientation is already applied, so no stale EXIF tag may travel with it). An animation's
/// frames, delays and loop count are written by the GIF and WebP encoders.
/// </summary>
public static class Encoder
{
    public static Rendition Finish(Image image, TransformPlan plan, FormatChoice choice, ImageScope scope)
    {
        var transparent = image.HasAlpha() && scope.Keep(image.ExtractBand(image.Bands - 1)).Min() < 255;
        var format = choice.Resolve(transparent);
        if (!ImageFormats.SupportsAlpha(format))
        {
            image = Colours.OnBackground(image, plan, scope);
        }

        return new Rendition(Encode(image, format, plan), format, image.Width, image.PageHeight);
    }

    private static byte[] Encode(Image image, ImageFormat format, TransformPlan plan)
    {
        var quality = plan.Quality ?? ImageFormats.DefaultQuality(format);
        var none = Enums.ForeignKeep.None;
        return format switch
        {
            ImageFormat.Jpeg => image.JpegsaveBuffer(q: quality, keep: none),
            ImageFormat.Png => image.PngsaveBuffer(keep: none),
            ImageFormat.WebP => image.WebpsaveBuffer(q: quality, keep: none),
            ImageFormat.Avif => image.HeifsaveBuffer(q: quality, compression: Enums.ForeignHeifCompression.Av1, keep: none),
            _ => image.GifsaveBuffer(keep: none),
        };
    }
}
