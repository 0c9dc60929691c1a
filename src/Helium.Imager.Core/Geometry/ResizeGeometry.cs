using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Geometry;

/// <summary>
/// Where the pixels go: resize the (cropped, rotated) source to <see cref="ResizeWidth"/>×<see cref="ResizeHeight"/>,
/// then cut <see cref="CropAfterResize"/> out of it (cover), or place it at <see cref="OffsetX"/>,<see cref="OffsetY"/>
/// on a <see cref="CanvasWidth"/>×<see cref="CanvasHeight"/> background (contain). The output size is the canvas.
/// </summary>
public readonly record struct ResizeGeometry(
    int ResizeWidth,
    int ResizeHeight,
    PixelRect? CropAfterResize,
    int CanvasWidth,
    int CanvasHeight,
    int OffsetX,
    int OffsetY)
{
    /// <summary>True for contain: the resized image sits on a larger background canvas.</summary>
    public bool Pads => CropAfterResize is null && (CanvasWidth != ResizeWidth || CanvasHeight != ResizeHeight);

    /// <summary>The geometry for a source of the given size (after crop and rotation).</summary>
    public static ResizeGeometry Compute(int sourceWidth, int sourceHeight, TransformPlan plan, int maxOutputDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        double sw = sourceWidth;
        double sh = sourceHeight;
        var limit = Math.Min(maxOutputDimension / sw, maxOutputDimension / sh);

        if (plan.Width is not { } tw || plan.Height is not { } th)
        {
            // One side or none: keep the aspect ratio; every fit mode is "inside" here.
            var scale = plan switch
            {
                { Width: { } w } => w / sw,
                { Height: { } h } => h / sh,
                _ => 1,
            };
            return Plain(Bounded(scale, plan.Enlarge, limit));
        }

        switch (plan.Fit)
        {
            case Fit.Fill:
                return new ResizeGeometry(tw, th, null, tw, th, 0, 0);

            case Fit.Outside:
                return Plain(Bounded(Math.Max(tw / sw, th / sh), plan.Enlarge, limit));

            case Fit.Contain:
            {
                var inner = Plain(Bounded(Math.Min(tw / sw, th / sh), plan.Enlarge, limit));
                var x = (int)Math.Round((tw - inner.ResizeWidth) * plan.Gravity.X);
                var y = (int)Math.Round((th - inner.ResizeHeight) * plan.Gravity.Y);
                return inner with { CanvasWidth = tw, CanvasHeight = th, OffsetX = x, OffsetY = y };
            }

            case Fit.Cover:
                return Cover(tw, th);

            default:
                return Plain(Bounded(Math.Min(tw / sw, th / sh), plan.Enlarge, limit));
        }

        ResizeGeometry Plain(double scale)
        {
            var w = Math.Max(1, (int)Math.Round(sw * scale));
            var h = Math.Max(1, (int)Math.Round(sh * scale));
            return new ResizeGeometry(w, h, null, w, h, 0, 0);
        }

        ResizeGeometry Cover(int tw, int th)
        {
            var scale = Math.Max(tw / sw, th / sh);
            int resizeWidth, resizeHeight, cropWidth, cropHeight;
            if (scale > 1 && !plan.Enlarge)
            {
                // Not allowed to enlarge: keep the source's pixels and cut the largest window with the
                // box's proportions, so the result has the asked aspect ratio at the source's resolution.
                resizeWidth = sourceWidth;
                resizeHeight = sourceHeight;
                var boxAspect = (double)tw / th;
                cropWidth = Math.Min(sourceWidth, Math.Max(1, (int)Math.Round(sh * boxAspect)));
                cropHeight = Math.Min(sourceHeight, Math.Max(1, (int)Math.Round(sw / boxAspect)));
            }
            else
            {
                resizeWidth = Math.Max(tw, (int)Math.Round(sw * scale));
                resizeHeight = Math.Max(th, (int)Math.Round(sh * scale));
                cropWidth = tw;
                cropHeight = th;
            }

            var x = Anchor(plan.Gravity.X, resizeWidth, cropWidth);
            var y = Anchor(plan.Gravity.Y, resizeHeight, cropHeight);
            return new ResizeGeometry(resizeWidth, resizeHeight, new PixelRect(x, y, cropWidth, cropHeight), cropWidth, cropHeight, 0, 0);
        }
    }

    /// <summary>Never larger than the output limit; never larger than the source unless enlarging.</summary>
    private static double Bounded(double scale, bool enlarge, double limit) =>
        Math.Min(enlarge ? scale : Math.Min(scale, 1), limit);

    /// <summary>The window's start so that the focal point sits as near its centre as the edges allow.</summary>
    private static int Anchor(double focus, int full, int window) =>
        Math.Clamp((int)Math.Round((focus * full) - (window / 2.0)), 0, full - window);
}
