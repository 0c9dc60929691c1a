namespace Helium.Imager.Settings;

/// <summary>How the server stops.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>On SIGTERM the server stops accepting connections and lets requests in flight finish for
    /// at most this long before it exits.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    public static IEnumerable<string> Failures(ShutdownOptions options)
    {
        if (options.GracePeriod < TimeSpan.Zero)
        {
            yield return "Shutdown:GracePeriod must not be negative.";
        }
    }
}
