namespace Helium.Imager.Settings;

/// <summary>Cross-origin reads from browsers; off unless origins are listed.</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    public List<string> AllowedOrigins { get; } = [];
}
