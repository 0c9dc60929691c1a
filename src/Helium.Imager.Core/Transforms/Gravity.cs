using System.Globalization;

namespace Helium.Imager.Core.Transforms;

/// <summary>The point a crop or a padding is anchored to, as fractions of width and height. Named
/// gravities are points too (north = 0.5,0), so <c>gravity=north</c> and <c>gravity=0.5,0</c> are
/// the same transform and share a cache entry. <c>smart</c> and <c>entropy</c> let a cover crop find
/// its window in the picture (padding then centres).</summary>
public readonly record struct Gravity(double X, double Y, GravityStrategy Strategy = GravityStrategy.Point)
{
    public static readonly Gravity Center = new(0.5, 0.5);

    private static readonly Dictionary<string, Gravity> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["center"] = Center,
        ["centre"] = Center,
        ["north"] = new(0.5, 0),
        ["south"] = new(0.5, 1),
        ["east"] = new(1, 0.5),
        ["west"] = new(0, 0.5),
        ["northeast"] = new(1, 0),
        ["northwest"] = new(0, 0),
        ["southeast"] = new(1, 1),
        ["southwest"] = new(0, 1),
        ["smart"] = new(0.5, 0.5, GravityStrategy.Attention),
        ["entropy"] = new(0.5, 0.5, GravityStrategy.Entropy),
    };

    public static bool TryParse(string value, out Gravity gravity)
    {
        if (Named.TryGetValue(value, out gravity))
        {
            return true;
        }

        var parts = value.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            && x is >= 0 and <= 1 && y is >= 0 and <= 1)
        {
            gravity = new Gravity(Math.Round(x, 4), Math.Round(y, 4));
            return true;
        }

        return false;
    }

    public override string ToString() => Strategy switch
    {
        GravityStrategy.Attention => "smart",
        GravityStrategy.Entropy => "entropy",
        _ => string.Create(CultureInfo.InvariantCulture, $"{X:0.####},{Y:0.####}"),
    };
}
