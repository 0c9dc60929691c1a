using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>
/// libvips holds an animation as one tall image, its frames stacked (the <c>page-height</c> field), with
/// each frame's delay and the loop count beside it. The frame steps run on each frame alone (a resize
/// or blur of the strip would bleed one frame into the next), and the results are stacked again: the
/// stack takes its fields from the first frame, so the source's delays and loop count travel with it
/// for the GIF and WebP encoders; only the frame height is new.
/// </summary>
public static class Frames
{
    public static Image Each(Image strip, int pages, Func<Image, Image> transform, ImageScope scope)
    {
        if (pages <= 1)
        {
            return transform(strip);
        }

        var height = strip.Height / pages;
        var frames = new Image[pages];
        for (var page = 0; page < pages; page++)
        {
            frames[page] = transform(scope.Keep(strip.ExtractArea(0, page * height, strip.Width, height)));
        }

        var joined = scope.Keep(Image.Arrayjoin(frames, across: 1));
        var frameHeight = frames[0].Height;
        return scope.Keep(joined.Mutate(image => image.Set(GValue.GIntType, "page-height", frameHeight)));
    }
}
