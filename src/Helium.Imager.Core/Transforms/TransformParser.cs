using System.Globalization;

namespace Helium.Imager.Core.Transforms;

/// <summary>
/// Reads the transform query parameters into a <see cref="TransformPlan"/>. Parameter names are
/// case-insensitive; aliases (width/height, mode) are resolved; a preset's parameters come first and
/// the URL's own override them. Anything unknown, repeated, contradictory or out of range is an
/// <see cref="InvalidTransformException"/> naming the parameter.
/// </summary>
public sealed class TransformParser(int maxOutputDimension, IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> presets)
{
    public const double MaxDpr = 4;
    public const double MaxBlurSigma = 100;
    public const double MaxSharpenSigma = 10;
    public const int MinDpi = 36;
    public const int MaxDpi = 600;
    public const int MaxPage = 100_000;
    private const int MaxCropCoordinate = 1_000_000;

    private static readonly Dictionary<string, string> CanonicalNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["thumbnail"] = "thumbnail",
        ["w"] = "w",
        ["width"] = "w",
        ["h"] = "h",
        ["height"] = "h",
        ["fit"] = "fit",
        ["mode"] = "fit",
        ["gravity"] = "gravity",
        ["crop"] = "crop",
        ["dpr"] = "dpr",
        ["enlarge"] = "enlarge",
        ["rotate"] = "rotate",
        ["flip"] = "flip",
        ["format"] = "format",
        ["quality"] = "quality",
        ["bg"] = "bg",
        ["blur"] = "blur",
        ["sharpen"] = "sharpen",
        ["grayscale"] = "grayscale",
        ["preset"] = "preset",
        ["page"] = "page",
        ["dpi"] = "dpi",
        ["frame"] = "frame",
        ["window"] = "window",
        ["info"] = "info",

        // DICOMweb's rendered-resource parameters (PS3.18 8.3.5.1).
        ["viewport"] = "viewport",
        ["annotation"] = "annotation",
        ["iccprofile"] = "iccprofile",
    };

    /// <summary>Our own parameters that viewport= sets, so that it cannot be mixed with them.</summary>
    private static readonly string[] SetByViewport = ["thumbnail", "w", "h", "fit", "crop", "flip", "enlarge", "dpr"];

    private static readonly Dictionary<string, Fit> Fits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["inside"] = Fit.Inside,
        ["contain"] = Fit.Contain,
        ["cover"] = Fit.Cover,
        ["fill"] = Fit.Fill,
        ["outside"] = Fit.Outside,

        // ImageResizer / Imageflow names, accepted through mode= (and fit=).
        ["max"] = Fit.Inside,
        ["pad"] = Fit.Contain,
        ["crop"] = Fit.Cover,
        ["stretch"] = Fit.Fill,
    };

    private static readonly Dictionary<string, RequestedFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = RequestedFormat.Auto,
        ["jpeg"] = RequestedFormat.Jpeg,
        ["jpg"] = RequestedFormat.Jpeg,
        ["png"] = RequestedFormat.Png,
        ["webp"] = RequestedFormat.WebP,
        ["avif"] = RequestedFormat.Avif,
        ["gif"] = RequestedFormat.Gif,
    };

    /// <summary>True when the name is a transform parameter this parser knows (any alias).</summary>
    public static bool IsKnown(string name) => CanonicalNames.ContainsKey(name);

    public TransformPlan Parse(IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var own = Collect(query, fromPreset: false);
        var values = new Dictionary<string, (string Name, string Value)>(StringComparer.Ordinal);
        if (own.Remove("preset", out var preset))
        {
            if (!presets.TryGetValue(preset.Value, out var presetQuery))
            {
                throw new InvalidTransformException("preset", $"preset: there is no preset named '{preset.Value}'.");
            }

            foreach (var (name, value) in Collect(presetQuery, fromPreset: true))
            {
                values[name] = value;
            }
        }

        foreach (var (name, value) in own)
        {
            values[name] = value;
        }

        return Build(values);
    }

    private static Dictionary<string, (string Name, string Value)> Collect(IReadOnlyList<KeyValuePair<string, string>> query, bool fromPreset)
    {
        var collected = new Dictionary<string, (string Name, string Value)>(StringComparer.Ordinal);
        foreach (var (name, value) in query)
        {
            if (!CanonicalNames.TryGetValue(name, out var canonical))
            {
                throw new InvalidTransformException(name, $"{name}: unknown parameter. Known: {string.Join(", ", CanonicalNames.Keys.Order(StringComparer.Ordinal))}.");
            }

            if (fromPreset && canonical == "preset")
            {
                throw new InvalidTransformException("preset", "preset: a preset cannot name another preset.");
            }

            if (collected.TryGetValue(canonical, out var earlier))
            {
                throw new InvalidTransformException(name, $"{name}: given more than once (also as '{earlier.Name}').");
            }

            collected[canonical] = (name, value.Trim());
        }

        if (collected.TryGetValue("thumbnail", out var thumbnail))
        {
            foreach (var fixedByThumbnail in new[] { "w", "h", "fit", "enlarge" })
            {
                if (collected.TryGetValue(fixedByThumbnail, out var clash))
                {
                    throw new InvalidTransformException(clash.Name, $"{clash.Name}: cannot be combined with thumbnail={thumbnail.Value}, which sets the size and fits inside without enlarging.");
                }
            }
        }

        return collected;
    }

    private TransformPlan Build(Dictionary<string, (string Name, string Value)> values)
    {
        if (values.TryGetValue("info", out var info))
        {
            if (!ParseBool(info))
            {
                values.Remove("info");
            }
            else if (values.Count > 1)
            {
                throw new InvalidTransformException(info.Name, $"{info.Name}: describes the source as it is and cannot be combined with {string.Join(", ", values.Values.Select(v => v.Name).Where(n => n != info.Name))}.");
            }
            else
            {
                return new TransformPlan { Info = true };
            }
        }

        if (values.TryGetValue("annotation", out var annotation))
        {
            throw new InvalidTransformException(annotation.Name, $"{annotation.Name}: this server never burns patient or technique text into images; leave annotation out.");
        }

        if (values.Remove("iccprofile", out var iccProfile) && !iccProfile.Value.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(iccProfile, "no (renditions are sRGB without an embedded profile)");
        }

        var plan = BuildOwn(values);
        if (plan.AllFrames && plan.Format is RequestedFormat.Jpeg or RequestedFormat.Png or RequestedFormat.Avif)
        {
            throw new InvalidTransformException(values["format"].Name, $"{values["format"].Name}: frame=all makes an animation, which {plan.Format.ToString().ToUpperInvariant()} cannot hold here; use webp, gif or auto.");
        }

        if (values.TryGetValue("viewport", out var viewport))
        {
            if (SetByViewport.FirstOrDefault(values.ContainsKey) is { } clash)
            {
                throw new InvalidTransformException(values[clash].Name, $"{values[clash].Name}: cannot be combined with {viewport.Name}, which sets the size, the source region and the flip.");
            }

            plan = ParseViewport(viewport, plan);
        }

        return plan;
    }

    private TransformPlan BuildOwn(Dictionary<string, (string Name, string Value)> values)
    {
        int? width = null;
        int? height = null;
        if (values.TryGetValue("thumbnail", out var thumbnail))
        {
            (width, height) = ParseBox(thumbnail);
        }

        if (values.TryGetValue("w", out var w))
        {
            width = ParseInt(w, 1, maxOutputDimension);
        }

        if (values.TryGetValue("h", out var h))
        {
            height = ParseInt(h, 1, maxOutputDimension);
        }

        var dpr = values.TryGetValue("dpr", out var d) ? ParseDouble(d, 1, MaxDpr, inclusiveMinimum: true) : 1;
        (width, height) = ApplyDpr(width, height, dpr);

        return new TransformPlan
        {
            Width = width,
            Height = height,
            Fit = values.TryGetValue("fit", out var fit) ? Lookup(fit, Fits) : Fit.Inside,
            Gravity = values.TryGetValue("gravity", out var gravity) ? ParseGravity(gravity) : Gravity.Center,
            Crop = values.TryGetValue("crop", out var crop) ? ParseCrop(crop) : null,
            Enlarge = values.TryGetValue("enlarge", out var enlarge) && ParseBool(enlarge),
            Rotate = values.TryGetValue("rotate", out var rotate) ? ParseRotate(rotate) : 0,
            Flip = values.TryGetValue("flip", out var flip) ? ParseFlip(flip) : Flip.None,
            Format = values.TryGetValue("format", out var format) ? Lookup(format, Formats) : RequestedFormat.Source,
            Quality = values.TryGetValue("quality", out var quality) ? ParseInt(quality, 1, 100) : null,
            Background = values.TryGetValue("bg", out var bg) ? ParseColour(bg) : "ffffff",
            Blur = values.TryGetValue("blur", out var blur) ? ParseDouble(blur, 0, MaxBlurSigma, inclusiveMinimum: false) : null,
            Sharpen = values.TryGetValue("sharpen", out var sharpen) ? ParseDouble(sharpen, 0, MaxSharpenSigma, inclusiveMinimum: false) : null,
            Grayscale = values.TryGetValue("grayscale", out var grayscale) && ParseBool(grayscale),
            Page = values.TryGetValue("page", out var page) ? ParseInt(page, 1, MaxPage) : null,
            Dpi = values.TryGetValue("dpi", out var dpi) ? ParseInt(dpi, MinDpi, MaxDpi) : null,
            Frame = values.TryGetValue("frame", out var frame) && !IsAll(frame) ? ParseInt(frame, 1, MaxPage) : null,
            AllFrames = frame.Value is not null && IsAll(frame),
            Window = values.TryGetValue("window", out var window) ? ParseWindow(window) : null,
        };
    }

    /// <summary>
    /// DICOMweb's viewport=vw,vh[,sx,sy,sw,sh] (PS3.18 8.3.5.1.3): the source region (the whole image
    /// without the last four) scaled to fit vw × vh, keeping its proportions, up or down. A negative
    /// sw or sh flips the output along that axis; the region is |sw| × |sh| from (sx, sy) either way,
    /// as Orthanc reads it.
    /// </summary>
    private TransformPlan ParseViewport((string Name, string Value) parameter, TransformPlan plan)
    {
        var parts = parameter.Value.Split(',');
        var numbers = new int[parts.Length];
        if (parts.Length is not (2 or 6)
            || !parts.Select((part, i) => int.TryParse(part.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok)
            || numbers[0] < 1 || numbers[1] < 1 || numbers[0] > maxOutputDimension || numbers[1] > maxOutputDimension
            || (parts.Length == 6 && (numbers[2] < 0 || numbers[3] < 0 || numbers[4] == 0 || numbers[5] == 0 || numbers.Skip(2).Any(n => Math.Abs(n) > MaxCropCoordinate))))
        {
            throw Invalid(parameter, $"vw,vh or vw,vh,sx,sy,sw,sh: a viewport from 1 to {maxOutputDimension} a side, then a source region with sx and sy at least 0 and sw and sh not 0 (negative flips)");
        }

        return plan with
        {
            Width = numbers[0],
            Height = numbers[1],
            Fit = Fit.Inside,
            Enlarge = true,
            Crop = parts.Length == 6 ? new PixelRect(numbers[2], numbers[3], Math.Abs(numbers[4]), Math.Abs(numbers[5])) : null,
            Flip = (parts.Length == 6 && numbers[4] < 0 ? Flip.Horizontal : Flip.None) | (parts.Length == 6 && numbers[5] < 0 ? Flip.Vertical : Flip.None),
        };
    }

    private static bool IsAll((string Name, string Value) parameter) => parameter.Value.Equals("all", StringComparison.OrdinalIgnoreCase);

    /// <summary>dpr multiplies the CSS size into pixels; a result beyond the output limit is scaled back
    /// to it, keeping the box's proportions (a retina request degrades instead of failing).</summary>
    private (int? Width, int? Height) ApplyDpr(int? width, int? height, double dpr)
    {
        if (dpr == 1)
        {
            return (width, height);
        }

        var factor = dpr;
        if (width is { } pw)
        {
            factor = Math.Min(factor, (double)maxOutputDimension / pw);
        }

        if (height is { } ph)
        {
            factor = Math.Min(factor, (double)maxOutputDimension / ph);
        }

        return (Scale(width), Scale(height));

        int? Scale(int? size) => size is { } s ? Math.Clamp((int)Math.Round(s * factor), 1, maxOutputDimension) : null;
    }

    private (int Width, int Height) ParseBox((string Name, string Value) parameter)
    {
        var parts = parameter.Value.Split('x', 'X');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || width < 1 || height < 1 || width > maxOutputDimension || height > maxOutputDimension)
        {
            throw Invalid(parameter, $"WxH with both sides from 1 to {maxOutputDimension}, such as 190x190");
        }

        return (width, height);
    }

    private static int ParseInt((string Name, string Value) parameter, int minimum, int maximum)
    {
        if (!int.TryParse(parameter.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            throw Invalid(parameter, $"a whole number from {minimum} to {maximum}");
        }

        return value;
    }

    private static double ParseDouble((string Name, string Value) parameter, double minimum, double maximum, bool inclusiveMinimum)
    {
        if (!double.TryParse(parameter.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value > maximum || value < minimum || (!inclusiveMinimum && value == minimum))
        {
            var range = inclusiveMinimum ? $"from {minimum} to {maximum}" : $"greater than {minimum} and at most {maximum}";
            throw Invalid(parameter, $"a number {range}");
        }

        return Math.Round(value, 3);
    }

    private static bool ParseBool((string Name, string Value) parameter) => parameter.Value.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Invalid(parameter, "true or false"),
    };

    private static int ParseRotate((string Name, string Value) parameter) => parameter.Value switch
    {
        "0" => 0,
        "90" => 90,
        "180" => 180,
        "270" => 270,
        _ => throw Invalid(parameter, "0, 90, 180 or 270"),
    };

    private static Flip ParseFlip((string Name, string Value) parameter) => parameter.Value.ToLowerInvariant() switch
    {
        "h" => Flip.Horizontal,
        "v" => Flip.Vertical,
        "hv" or "vh" => Flip.Horizontal | Flip.Vertical,
        _ => throw Invalid(parameter, "h, v or hv"),
    };

    private static Gravity ParseGravity((string Name, string Value) parameter) =>
        Gravity.TryParse(parameter.Value, out var gravity)
            ? gravity
            : throw Invalid(parameter, "center, north, south, east, west, northeast, northwest, southeast, southwest, smart, entropy, or a focal point fx,fy with both in 0..1");

    /// <summary>window=center,width[,linear|linear-exact|sigmoid] in modality units (Hounsfield for CT).</summary>
    private static VoiWindow ParseWindow((string Name, string Value) parameter)
    {
        var parts = parameter.Value.Split(',');
        if (parts.Length is 2 or 3
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var center)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var width)
            && double.IsFinite(center) && double.IsFinite(width) && Math.Abs(center) <= 1e7 && width > 0 && width <= 1e7)
        {
            var function = parts.Length == 2 ? VoiFunction.Linear : parts[2].Trim().ToLowerInvariant() switch
            {
                "linear" => VoiFunction.Linear,
                "linear-exact" or "linear_exact" => VoiFunction.LinearExact,
                "sigmoid" => VoiFunction.Sigmoid,
                _ => (VoiFunction?)null,
            };
            if (function is { } f && (f != VoiFunction.Linear || width >= 1))
            {
                return new VoiWindow(Math.Round(center, 3), Math.Round(width, 3), f);
            }
        }

        throw Invalid(parameter, "center,width[,linear|linear-exact|sigmoid] with width above 0 (at least 1 for linear), such as 40,400");
    }

    private static PixelRect ParseCrop((string Name, string Value) parameter)
    {
        var parts = parameter.Value.Split(',');
        var numbers = new int[4];
        if (parts.Length != 4 || !parts.Select((part, i) => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok)
            || numbers[2] < 1 || numbers[3] < 1 || numbers.Any(n => n > MaxCropCoordinate))
        {
            throw Invalid(parameter, "x,y,w,h in source pixels, with w and h at least 1");
        }

        return new PixelRect(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private static string ParseColour((string Name, string Value) parameter)
    {
        var hex = parameter.Value.TrimStart('#').ToLowerInvariant();
        if (hex.Length is not (3 or 6) || !hex.All(char.IsAsciiHexDigit))
        {
            throw Invalid(parameter, "a hex colour such as fff or 1a2b3c");
        }

        return hex.Length == 3 ? string.Concat(hex.Select(c => $"{c}{c}")) : hex;
    }

    private static T Lookup<T>((string Name, string Value) parameter, Dictionary<string, T> allowed) =>
        allowed.TryGetValue(parameter.Value, out var value)
            ? value
            : throw Invalid(parameter, string.Join(", ", allowed.Keys));

    private static InvalidTransformException Invalid((string Name, string Value) parameter, string allowed) =>
        new(parameter.Name, $"{parameter.Name}: '{Truncate(parameter.Value)}' is not allowed; expected {allowed}.");

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
