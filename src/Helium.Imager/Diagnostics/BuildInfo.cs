using System.Reflection;

namespace Helium.Imager.Diagnostics;

/// <summary>The release this program is (Directory.Build.props' Version) and the commit it was built
/// from, which the SDK appends to the informational version as "+sha" when it builds inside a git
/// checkout.</summary>
public static class BuildInfo
{
    private static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Version { get; } = Informational.Split('+')[0];

    /// <summary>The commit's first 12 hex digits, or null when it was built outside a git checkout.</summary>
    public static string? Commit { get; } = Informational.Split('+') is [_, var sha, ..] && sha.Length > 0 ? sha[..Math.Min(12, sha.Length)] : null;
}
