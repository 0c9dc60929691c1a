using Helium.Imager.Core.Geometry;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Pixels;

/// <summary>
/// How much a decoder may shrink while it decodes (JPEG's 1/2, 1/4, 1/8 scales, WebP's scale): the
/// largest of 8, 4 and 2 that leaves at least 1.8 times the resize's output in each dimension, in the
/// stored image's own orientation (EXIF orientations 5 to 8 turn it by 90 degrees); 1 for a full
/// decode, and for crops, which address full-resolution pixels. Measured on a 6 MP photo against a
/// full-resolution Lanczos resize (RMSE): with 1.8 to 3.6 times left, 0.011 (sharp: 0.010 to 0.014);
/// with 1.4 to 1.8, 0.016 to 0.022. libvips's thumbnail leaves 2 times, which for a 720 px rendition of
/// that photo means a full decode. A box shrink of decoded pixels (<see cref="BoxMargin"/>) needs twice
/// the margin: the same photo box-shrunk by 4 measured 0.0164 where JPEG's 1/4 decode gave 0.0104.
/// </summary>
public static class ShrinkOnLoad
{
    /// <summary>The margin for JPEG's and WebP's scaled decoding.</summary>
    public const double DecoderMargin = 1.8;

    /// <summary>The margin for box-shrinking pixels another decoder made at full size.</summary>
    public const double BoxMargin = 3.6;

    public static int Denominator(TransformPlan plan, int storedWidth, int storedHeight, bool turned, int maxOutputDimension, double margin = DecoderMargin)
    {
        if (plan.Crop is not null || (plan.Width ?? plan.Height) is null)
        {
            return 1;
        }

        var upright = turned
            ? ResizeGeometry.Compute(storedHeight, storedWidth, plan, maxOutputDimension)
            : ResizeGeometry.Compute(storedWidth, storedHeight, plan, maxOutputDimension);
        var needWidth = margin * (turned ? upright.ResizeHeight : upright.ResizeWidth);
        var needHeight = margin * (turned ? upright.ResizeWidth : upright.ResizeHeight);
        foreach (var denominator in (int[])[8, 4, 2])
        {
            // libjpeg rounds a scaled side up.
            if ((storedWidth + denominator - 1) / denominator >= needWidth && (storedHeight + denominator - 1) / denominator >= needHeight)
            {
                return denominator;
            }
        }

        return 1;
    }
}
