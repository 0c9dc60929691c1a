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

    /// <summary>Shortest key accepted: a random string of this length is beyond guessing.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Reads the section as the server and the <c>sign</c> command both need it: SigningKeys
    /// as a list or one comma-separated value.</summary>
    public static void Bind(IConfiguration configuration, SecurityOptions options)
    {
        var section = configuration.GetSection(Section);
        section.Bind(options);
        options.SigningKeys.Clear();
        options.SigningKeys.AddRange(SettingsList.Read(section.GetSection(nameof(SigningKeys))));
    }

    public static IEnumerable<string> Failures(SecurityOptions options)
    {
        if (options.Keys.Any(key => key.Length < MinimumKeyLength))
        {
            yield return $"Security:SigningKey and Security:SigningKeys entries must be at least {MinimumKeyLength} characters (a random string; the key is never logged).";
        }

        if (options.SignPassThrough && options.Keys.Count == 0)
        {
            yield return "Security:SignPassThrough needs Security:SigningKey or Security:SigningKeys.";
        }
    }
}
