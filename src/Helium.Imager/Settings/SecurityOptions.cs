namespace Helium.Imager.Settings;

/// <summary>Signed URLs and presets-only mode.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>One HMAC key; with it (or <see cref="SigningKeys"/>) every transform URL must be signed.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Several keys at once, for rotation: any of them verifies, the first signs.</summary>
    public List<string> SigningKeys { get; } = [];

    /// <summary>Require signatures on pass-through (no transform) requests too.</summary>
    public bool SignPassThrough { get; set; }

    /// <summary>Only preset= transforms (plus format=auto) are accepted.</summary>
    public bool PresetsOnly { get; set; }

    /// <summary>All configured keys, the signing one first.</summary>
    public IReadOnlyList<string> Keys =>
        [.. new[] { SigningKey }.Concat(SigningKeys).OfType<string>().Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)];
}

/// <summary>Cross-origin reads from browsers; off unless origins are listed.</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    public List<string> AllowedOrigins { get; } = [];
}
