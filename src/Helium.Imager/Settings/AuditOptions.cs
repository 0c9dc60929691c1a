namespace Helium.Imager.Settings;

/// <summary>The audit trail: who was served which object (see README, "Audit trail").</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Off by default: one JSON record for every response that served a source's bytes or a
    /// rendition of it, to the log category Helium.Imager.Audit.</summary>
    public bool Enabled { get; set; }

    /// <summary>Also append each record, one a line, to this file (created when missing, never truncated).</summary>
    public string? Path { get; set; }

    public static IEnumerable<string> Failures(AuditOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Path) && !options.Enabled)
        {
            yield return "Audit:Path is set but Audit:Enabled is not true.";
        }
    }
}
