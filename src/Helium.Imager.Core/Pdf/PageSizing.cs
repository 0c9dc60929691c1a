using System.Globalization;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Pdf;

/// <summary>
/// How many pixels a point of the page becomes, decided before the page's size is known (MuPDF learns
/// it and applies the rule in the same run). A page is vector: it is drawn from the size the output
/// asks for, so that the region shown (the page, or <c>crop=</c> in points) fills the box for every fit
/// (the smaller of the two ratios for inside and contain, the larger for cover, outside and fill),
/// however small the page is; <c>enlarge</c> is for raster sources. It is drawn at twice that size
/// (<see cref="Oversampling"/>) and reduced by the pixel pipeline's Lanczos resize: thin strokes and
/// small glyphs keep their weight, as in poppler's and Ghostscript's renderings reduced the same way.
/// Without a size, or with <c>dpi=</c>, the density is fixed. The whole page as drawn stays within
/// twice the output limit per side and the source pixel limit.
/// </summary>
public sealed record PageSizing(string Rule, int TargetWidth, int TargetHeight, int Dpi, double RegionWidth, double RegionHeight, int MaxSide, long MaxPixels)
{
    /// <summary>Density for a page when no output size is asked for.</summary>
    public const int DefaultDpi = 150;

    /// <summary>How many times the output size a page is drawn at before the final resize.</summary>
    public const int Oversampling = 2;

    public static PageSizing For(TransformPlan plan, RenderLimits limits)
    {
        var (rule, dpi) = plan switch
        {
            { Dpi: { } fixedDpi } => ("fixed", fixedDpi),
            { Width: null, Height: null } => ("fixed", DefaultDpi),
            { Fit: Fit.Inside or Fit.Contain } => ("smaller", 0),
            _ => ("larger", 0),
        };
        return new PageSizing(rule, Oversampling * (plan.Width ?? 0), Oversampling * (plan.Height ?? 0), dpi, plan.Crop?.Width ?? 0, plan.Crop?.Height ?? 0,
            2 * limits.MaxOutputDimension, limits.MaxSourcePixels);
    }

    /// <summary>The rule's arguments to the page script, after the PDF, the page and the output.</summary>
    public IEnumerable<string> Arguments() =>
        [Rule, Number(TargetWidth), Number(TargetHeight), Number(Dpi), Number(RegionWidth), Number(RegionHeight), Number(MaxSide), Number(MaxPixels)];

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
