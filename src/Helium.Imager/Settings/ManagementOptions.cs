namespace Helium.Imager.Settings;

/// <summary><c>Management:Urls</c>: listeners of their own for /metrics (and the health probes), so
/// that the public port never shows them. Without any, /metrics answers loopback clients only.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>Bound as <c>Buckets:Allowed</c> is: entries or one comma-separated value.</summary>
    public List<string> Urls { get; } = [];

    /// <summary>The ports of the management listeners: a request that arrives on one is a management request.</summary>
    public IReadOnlySet<int> Ports => Urls.Select(ListenUrls.Port).OfType<int>().ToHashSet();

    public static IEnumerable<string> Failures(ManagementOptions options, IReadOnlyList<string> publicUrls)
    {
        var publicPorts = publicUrls.Select(ListenUrls.Port).OfType<int>().ToHashSet();
        foreach (var url in options.Urls)
        {
            if (ListenUrls.Port(url) is not { } port || !url.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"Management:Urls entry '{url}' must be an http(s) URL with a port of its own, e.g. http://127.0.0.1:9464.";
            }
            else if (publicPorts.Contains(port))
            {
                yield return $"Management:Urls entry '{url}' uses port {port}, which the public listener uses too; give the management listener a port of its own.";
            }
        }
    }
}
