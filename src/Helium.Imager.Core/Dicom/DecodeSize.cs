using System.Globalization;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// How small a frame may be decoded and still serve the output: the box the output asks for, whether
/// the region must cover it (cover, outside, fill) or fit inside it, and the part of the frame shown
/// (<c>crop</c>; 0: all of it). A decoder that can reduce while decoding (JPEG 2000's resolution
/// levels) takes the largest power of two that keeps the region at least the output's size; the pixel
/// pipeline's Lanczos resize does the rest.
/// </summary>
public sealed record DecodeSize(int Width, int Height, bool Cover, int RegionWidth, int RegionHeight)
{
    /// <summary>Decode at full size.</summary>
    public static readonly DecodeSize Full = new(0, 0, false, 0, 0);

    /// <summary>The output's needs as the plan states them, in the frame's own orientation (a quarter
    /// turn swaps the box's sides).</summary>
    public static DecodeSize For(TransformPlan plan)
    {
        var (width, height) = plan.Rotate is 90 or 270 ? (plan.Height, plan.Width) : (plan.Width, plan.Height);
        return new DecodeSize(width ?? 0, height ?? 0, plan.Fit is Fit.Cover or Fit.Outside or Fit.Fill, plan.Crop?.Width ?? 0, plan.Crop?.Height ?? 0);
    }

    /// <summary>The number of halvings (0 to <paramref name="maxLevels"/>) a frame of this size can take.</summary>
    public int Reduction(int frameWidth, int frameHeight, int maxLevels)
    {
        double regionWidth = RegionWidth > 0 ? RegionWidth : frameWidth;
        double regionHeight = RegionHeight > 0 ? RegionHeight : frameHeight;
        double scale = (Width, Height) switch
        {
            (0, 0) => 1,
            (_, 0) => Width / regionWidth,
            (0, _) => Height / regionHeight,
            _ when Cover => Math.Max(Width / regionWidth, Height / regionHeight),
            _ => Math.Min(Width / regionWidth, Height / regionHeight),
        };
        var levels = 0;
        while (levels < maxLevels && scale * (1 << (levels + 1)) <= 1)
        {
            levels++;
        }

        return levels;
    }

    /// <summary>Tab-separated, for the worker's request line.</summary>
    public string ToLine() => string.Join('\t', Width, Height, Cover ? 1 : 0, RegionWidth, RegionHeight);

    public static DecodeSize Parse(ReadOnlySpan<string> fields) => new(
        int.Parse(fields[0], CultureInfo.InvariantCulture),
        int.Parse(fields[1], CultureInfo.InvariantCulture),
        fields[2] == "1",
        int.Parse(fields[3], CultureInfo.InvariantCulture),
        int.Parse(fields[4], CultureInfo.InvariantCulture));
}
