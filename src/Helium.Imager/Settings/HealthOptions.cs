namespace Helium.Imager.Settings;

/// <summary>How /readyz weighs the store (see README, "Health").</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How long a store that answered before may be unreachable before /readyz turns 503. A
    /// store outage hits every instance at once: unready at the first failed probe, they would all
    /// leave the load balancer together, and even renditions held in memory would stop being served.</summary>
    public TimeSpan StoreOutageGrace { get; set; } = TimeSpan.FromMinutes(1);

    public static IEnumerable<string> Failures(HealthOptions options)
    {
        if (options.StoreOutageGrace < TimeSpan.Zero)
        {
            yield return "Health:StoreOutageGrace must not be negative.";
        }
    }
}
