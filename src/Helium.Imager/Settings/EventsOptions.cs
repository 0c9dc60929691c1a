namespace Helium.Imager.Settings;

/// <summary>Bucket event notifications (<c>POST /_events/s3</c>, see README "Thumbnails ready before
/// anyone asks") and the rules that say what to prepare when an object arrives.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>The shared secret every delivery carries (<c>?token=</c> or <c>Authorization: Bearer</c>).
    /// The endpoint does not exist without it.</summary>
    public string? Token { get; set; }

    /// <summary>Renders waiting to be done in the background; beyond it, work is dropped and counted
    /// (the renditions are made on demand instead).</summary>
    public int QueueLength { get; set; } = 1000;

    /// <summary><c>Warm:Rules:{name}</c>: which new objects to prepare, and with which presets.</summary>
    public Dictionary<string, WarmRule> Rules { get; } = new(StringComparer.Ordinal);

    public bool Enabled => !string.IsNullOrEmpty(Token);

    internal static IEnumerable<string> Failures(EventsOptions options, IReadOnlySet<string> presets, IReadOnlyCollection<string> allowedBuckets)
    {
        if (options.Enabled && options.Token!.Length < 16)
        {
            yield return "Events:Token must be at least 16 characters (it is all that stands between the internet and the render queue).";
        }

        if (options.QueueLength is < 1 or > 1_000_000)
        {
            yield return "Warm:QueueLength must be between 1 and 1000000.";
        }

        if (!options.Enabled && options.Rules.Count > 0)
        {
            yield return "Warm:Rules are set but Events:Token is not: nothing would deliver the events they wait for.";
        }

        foreach (var (name, rule) in options.Rules)
        {
            if (!Addressing.BucketNames.IsValid(rule.Bucket))
            {
                yield return $"Warm:Rules:{name}:Bucket must name a bucket (got '{rule.Bucket}').";
            }
            else if (allowedBuckets.Count > 0 && !allowedBuckets.Contains(rule.Bucket))
            {
                yield return $"Warm:Rules:{name}:Bucket '{rule.Bucket}' is not in Buckets:Allowed.";
            }

            if (rule.Presets.Count == 0)
            {
                yield return $"Warm:Rules:{name}:Presets must name at least one preset.";
            }

            foreach (var preset in rule.Presets.Where(preset => !presets.Contains(preset)))
            {
                yield return $"Warm:Rules:{name}:Presets names '{preset}', which is not a preset (Presets:{preset}).";
            }
        }
    }
}

/// <summary>One rule: objects created in <see cref="Bucket"/> whose key starts with
/// <see cref="Prefix"/> and ends with <see cref="Suffix"/> get <see cref="Presets"/> rendered.</summary>
public sealed class WarmRule
{
    public string Bucket { get; set; } = "";

    public string Prefix { get; set; } = "";

    public string Suffix { get; set; } = "";

    public List<string> Presets { get; } = [];

    public bool Matches(string bucket, string key) =>
        bucket == Bucket && key.StartsWith(Prefix, StringComparison.Ordinal) && key.EndsWith(Suffix, StringComparison.Ordinal);
}
