namespace Helium.Imager.Settings;

/// <summary>Signed URLs, presets-only mode, and whether a private store may be offered to the network unsigned.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>One HMAC key; with it (or <see cref="SigningKeys"/>) every URL must be signed, pass-through
    /// included, except in the buckets of <c>Buckets:Public</c>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Several keys at once, for rotation: any of them verifies, the first signs.</summary>
    public List<string> SigningKeys { get; } = [];

    /// <summary>The administrator's word that a remote store may be served unsigned on a non-loopback
    /// address (a trusted network, or a proxy that does its own access control); without it such a
    /// server refuses to start.</summary>
    public bool AllowUnsigned { get; set; }

    /// <summary>A setting of earlier versions (signatures on pass-through too); now always so.</summary>
    public const string RetiredSignPassThrough = "Security:SignPassThrough";

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
    }
}
