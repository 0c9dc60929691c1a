using Helium.Imager.Core.Transforms;
using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>Colour handling outside the frame steps: 8-bit sRGB on the way in, the background colour
/// under transparency on the way out.</summary>
public static class Colours
{
    /// <summary>8-bit sRGB (with its alpha), whatever the camera or the prepress department wrote: an
    /// embedded profile is honoured (perceptual intent), CMYK without one is read through libvips's
    /// default CMYK profile.</summary>
    public static Image ToSrgb(Image image, ImageScope scope)
    {
        if (image.Interpretation == Enums.Interpretation.Cmyk)
        {
            return scope.Keep(image.IccTransform("srgb", intent: Enums.Intent.Perceptual, embedded: true, inputProfile: "cmyk"));
        }

        if (image.Contains("icc-profile-data") && image.Interpretation is Enums.Interpretation.Srgb or Enums.Interpretation.Rgb16)
        {
            image = scope.Keep(image.IccTransform("srgb", intent: Enums.Intent.Perceptual, embedded: true));
        }

        if (image.Interpretation != Enums.Interpretation.Srgb || image.Format != Enums.BandFormat.Uchar)
        {
            image = scope.Keep(image.Colourspace(Enums.Interpretation.Srgb));
        }

        return image.Format == Enums.BandFormat.Uchar ? image : scope.Keep(image.Cast(Enums.BandFormat.Uchar));
    }

    /// <summary>Lays the image on the plan's background colour, dropping its alpha.</summary>
    public static Image OnBackground(Image image, TransformPlan plan, ImageScope scope) =>
        image.HasAlpha() ? scope.Keep(image.Flatten(background: Background(plan))) : image;

    /// <summary>The plan's <c>bg</c> (hex RRGGBB) as libvips's band values.</summary>
    public static double[] Background(TransformPlan plan) =>
        [Convert.ToInt32(plan.Background[..2], 16), Convert.ToInt32(plan.Background[2..4], 16), Convert.ToInt32(plan.Background[4..], 16)];
}
