using System.Globalization;
using System.Text;

namespace Helium.Imager.Core.Transforms;

/// <summary>
/// A validated, normalized transform. Sizes are output pixels (dpr already applied), named gravities
/// are points, aliases are resolved; so equivalent URLs yield equal plans and equal <see cref="Canonical"/>
/// strings, which is what the cache key hashes.
/// </summary>
public sealed record TransformPlan
{
    public int? Width { get; init; }

    public int? Height { get; init; }

    public Fit Fit { get; init; } = Fit.Inside;

    public Gravity Gravity { get; init; } = Gravity.Center;

    /// <summary>Crop of the (upright) source in source pixels, before anything else.</summary>
    public PixelRect? Crop { get; init; }

    public bool Enlarge { get; init; }

    /// <summary>0, 90, 180 or 270 degrees clockwise, after EXIF auto-orientation.</summary>
    public int Rotate { get; init; }

    public Flip Flip { get; init; }

    public RequestedFormat Format { get; init; } = RequestedFormat.Source;

    public int? Quality { get; init; }

    /// <summary>Six lower-case hex digits: padding and the colour under transparency for JPEG.</summary>
    public string Background { get; init; } = "ffffff";

    public double? Blur { get; init; }

    public double? Sharpen { get; init; }

    public bool Grayscale { get; init; }

    /// <summary>PDF only: the 1-based page (null: not given, which means page 1).</summary>
    public int? Page { get; init; }

    /// <summary>PDF only: the rendering density, overriding the one chosen from the output size.</summary>
    public int? Dpi { get; init; }

    /// <summary>DICOM only: the 1-based frame (null: not given, which means frame 1).</summary>
    public int? Frame { get; init; }

    /// <summary>DICOM only, <c>frame=all</c>: every frame, as one animated image (a cine clip).</summary>
    public bool AllFrames { get; init; }

    /// <summary>DICOM only: the VOI window, overriding the file's.</summary>
    public VoiWindow? Window { get; init; }

    /// <summary><c>info=true</c>: describe the source as JSON instead of rendering it.</summary>
    public bool Info { get; init; }

    /// <summary>The names of the given parameters that only some kinds of source take, in a fixed order.</summary>
    public IEnumerable<string> SourceSpecificParameters()
    {
        if (Page is not null)
        {
            yield return "page";
        }

        if (Dpi is not null)
        {
            yield return "dpi";
        }

        if (Frame is not null || AllFrames)
        {
            yield return "frame";
        }

        if (Window is not null)
        {
            yield return "window";
        }
    }

    /// <summary>Every field in a fixed order, defaults included, invariant culture: a change of default
    /// changes the string, and with it the cache key, instead of serving results made under old rules.</summary>
    public string Canonical()
    {
        if (Info)
        {
            return "v1;info";
        }

        var text = new StringBuilder("v1");
        Append("w", Width?.ToString(CultureInfo.InvariantCulture));
        Append("h", Height?.ToString(CultureInfo.InvariantCulture));
        Append("fit", Fit.ToString().ToLowerInvariant());
        Append("gravity", Gravity.ToString());
        Append("crop", Crop?.ToString());
        Append("enlarge", Enlarge ? "1" : "0");
        Append("rotate", Rotate.ToString(CultureInfo.InvariantCulture));
        Append("flip", Flip.ToString().ToLowerInvariant());
        Append("format", Format.ToString().ToLowerInvariant());
        Append("quality", Quality?.ToString(CultureInfo.InvariantCulture));
        Append("bg", Background);
        Append("blur", Blur?.ToString("0.###", CultureInfo.InvariantCulture));
        Append("sharpen", Sharpen?.ToString("0.###", CultureInfo.InvariantCulture));
        Append("grayscale", Grayscale ? "1" : "0");
        Append("page", (Page ?? 1).ToString(CultureInfo.InvariantCulture));
        Append("dpi", Dpi?.ToString(CultureInfo.InvariantCulture));
        Append("frame", AllFrames ? "all" : (Frame ?? 1).ToString(CultureInfo.InvariantCulture));
        Append("window", Window is { } w ? string.Create(CultureInfo.InvariantCulture, $"{w.Center:0.###},{w.Width:0.###},{w.Function.ToString().ToLowerInvariant()}") : null);
        return text.ToString();

        void Append(string name, string? value) => text.Append(';').Append(name).Append('=').Append(value ?? "-");
    }
}
