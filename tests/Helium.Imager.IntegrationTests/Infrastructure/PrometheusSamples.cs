using System.Globalization;
using System.Net;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>A server's /metrics, read as the Prometheus text format: samples by metric name and label text.</summary>
public sealed class PrometheusSamples(List<(string Name, string Labels, double Value)> samples)
{
    public static async Task<PrometheusSamples> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var samples = new List<(string Name, string Labels, double Value)>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            var labels = brace >= 0 ? line[(brace + 1)..line.LastIndexOf('}')] : "";
            samples.Add((name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }

        return new PrometheusSamples(samples);
    }

    /// <summary>The sum of the samples whose labels start with the prefix. A metric with no sample at
    /// all fails the test: a missing metric must not read as 0.</summary>
    public double this[(string Name, string LabelPrefix) key]
    {
        get
        {
            var matching = samples.Where(s => s.Name == key.Name && s.Labels.StartsWith(key.LabelPrefix, StringComparison.Ordinal)).ToList();
            Assert.True(matching.Count > 0, $"no sample of {key.Name}{{{key.LabelPrefix}…}} was exported");
            return matching.Sum(s => s.Value);
        }
    }

    /// <summary>The sum over every label set; 0 for a labelled metric that has none yet (nothing rendered).</summary>
    public double Total(string name) => samples.Where(s => s.Name == name).Sum(s => s.Value);

    /// <summary>Bytes the server has read from the store for renders (helium_store_bytes_read_total,
    /// purpose "source"); 0 before the first.</summary>
    public double SourceBytesRead => Total("helium_store_bytes_read_total", "purpose=\"source\"");

    public static async Task<double> SourceBytesReadAsync(HttpClient client) => (await ScrapeAsync(client)).SourceBytesRead;

    /// <summary>The sum of the samples whose labels start with the prefix; 0 when there is none yet
    /// (for polling a counter that has not been touched).</summary>
    public double Total(string name, string labelPrefix) =>
        samples.Where(s => s.Name == name && s.Labels.StartsWith(labelPrefix, StringComparison.Ordinal)).Sum(s => s.Value);
}
