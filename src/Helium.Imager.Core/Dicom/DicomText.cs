using System.Globalization;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Dicom;

/// <summary>Attribute values as text, read the same way whoever read the element (GDCM's string filter
/// in the decoder, the element walker in <see cref="NativeGreyFrame"/>).</summary>
internal static class DicomText
{
    /// <summary>The numbers of a multi-valued DS or IS value; values that do not parse are left out.</summary>
    public static List<double> Numbers(string text) =>
        text.Split('\\', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(value => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : double.NaN)
            .Where(number => !double.IsNaN(number))
            .ToList();

    /// <summary>A UID as stored, if it is one (digits and dots, at most 64 characters), else empty.</summary>
    public static string Uid(string text)
    {
        var uid = text.Trim('\0', ' ');
        return uid.Length <= 64 && uid.All(c => char.IsAsciiDigit(c) || c == '.') ? uid : "";
    }

    /// <summary>The VOI windows: centre and width pairs (widths above 0) with VOI LUT Function.</summary>
    public static List<VoiWindow> Windows(string centers, string widths, string function)
    {
        var shape = function.Trim().ToUpperInvariant() switch
        {
            "LINEAR_EXACT" => VoiFunction.LinearExact,
            "SIGMOID" => VoiFunction.Sigmoid,
            _ => VoiFunction.Linear,
        };
        return Numbers(centers).Zip(Numbers(widths)).Where(pair => pair.Second > 0).Select(pair => new VoiWindow(pair.First, pair.Second, shape)).ToList();
    }
}
