using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>
/// The monitoring that ships in deploy/: the alert rules pass promtool's check and their own unit
/// tests (each alert fires on trouble, none on a healthy instance); a real Prometheus, configured by
/// deploy/prometheus/prometheus.yml, scrapes a running server and loads the rules, and every metric
/// the rules and the Grafana dashboard use is there.
/// </summary>
public sealed partial class MonitoringTests
{
    private static readonly string Deploy = Path.Combine(Repository.Root, "deploy");

    [Fact]
    public async Task The_alert_rules_pass_promtool()
    {
        Assert.True(File.Exists("/usr/bin/promtool"), "promtool is missing: apt-get install prometheus (tests/run-all.sh installs it)");
        var (checkedCode, checkedOutput) = await RunAsync("/usr/bin/promtool", "check", "rules", Path.Combine(Deploy, "prometheus/alerts.yml"));
        Assert.True(checkedCode == 0, checkedOutput);
        Assert.Contains("SUCCESS: 9 rules found", checkedOutput, StringComparison.Ordinal);

        var (testedCode, testedOutput) = await RunAsync("/usr/bin/promtool", "test", "rules", Path.Combine(Deploy, "prometheus/alerts.test.yml"));
        Assert.True(testedCode == 0, testedOutput);
    }

    [Fact]
    public async Task Prometheus_scrapes_every_metric_the_rules_and_dashboard_use()
    {
        var management = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        var folder = Directory.CreateTempSubdirectory("helium-prometheus-config-").FullName;
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Management:Urls"] = management.ToString().TrimEnd('/'),
            ["Cache:Root"] = Path.Combine(folder, "cache"), // a render on every run
        });
        foreach (var url in new[] { "/demo/flag.png", "/demo/landscape.jpg?w=50", "/demo/landscape.jpg?w=50", "/demo/missing.jpg?w=50" })
        {
            using var response = await server.Client.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }

        using (var scraper = ServerClient.For(management))
        using (var ready = await scraper.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode); // and helium_store_up is set
        }

        try
        {
            File.Copy(Path.Combine(Deploy, "prometheus/alerts.yml"), Path.Combine(folder, "alerts.yml"));
            var config = (await File.ReadAllTextAsync(Path.Combine(Deploy, "prometheus/prometheus.yml")))
                .Replace("127.0.0.1:9464", management.Authority, StringComparison.Ordinal)
                .Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal);
            Assert.Contains(management.Authority, config, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(folder, "prometheus.yml"), config);

            await using var prometheus = await PrometheusServer.StartAsync(Path.Combine(folder, "prometheus.yml"));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await prometheus.QueryAsync("helium_render_duration_seconds_count")).GetArrayLength() == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "Prometheus scraped nothing from the server in 30 s");
                await Task.Delay(500);
            }

            var rules = await prometheus.RulesAsync();
            Assert.Equal(9, rules.Count);
            Assert.All(rules, rule => Assert.True(rule.Health is "ok" or "unknown", $"{rule.Name}: {rule.Health}"));

            var used = (await File.ReadAllLinesAsync(Path.Combine(Deploy, "prometheus/alerts.yml")))
                .Where(line => line.TrimStart().StartsWith("expr:", StringComparison.Ordinal))
                .Concat(DashboardQueries())
                .SelectMany(MetricsUsedBy)
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.Contains("helium_problems_total", used);
            Assert.Contains("helium_render_duration_seconds_bucket", used);
            var missing = new List<string>();
            foreach (var name in used)
            {
                if ((await prometheus.QueryAsync($"count({{__name__=\"{name}\"}})")).GetArrayLength() == 0)
                {
                    missing.Add(name);
                }
            }

            Assert.True(missing.Count == 0, "not scraped: " + string.Join(", ", missing));
            var job = await prometheus.QueryAsync("up{job=\"helium-imager\"}");
            Assert.Equal("1", job[0].GetProperty("value")[1].GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_dashboard_has_a_panel_for_each_question_an_operator_asks()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Deploy, "grafana/helium-imager.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var titles = panels.Select(panel => panel.GetProperty("title").GetString()).ToList();
        foreach (var wanted in new[] { "Cache hit ratio", "Latency by kind (p95)", "Render time by source (p95)", "Render queue", "Overload and failures" })
        {
            Assert.Contains(wanted, titles);
        }

        Assert.All(panels, panel => Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray()));
        Assert.Equal(panels.Count, panels.Select(panel => panel.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(DashboardQueries(), query => Assert.Contains("instance=~\"$instance\"", query, StringComparison.Ordinal));
    }

    private static List<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Deploy, "grafana/helium-imager.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .ToList();
    }

    /// <summary>The metric names in PromQL text (the server's and the process's, and Prometheus's up).</summary>
    private static IEnumerable<string> MetricsUsedBy(string text) => MetricName().Matches(text).Select(match => match.Value);

    [GeneratedRegex(@"\b(helium_[a-z_]+|process_[a-z_]+|up)(?=\s*[{\[)/ ]|\s*==)")]
    private static partial Regex MetricName();

    private static Task<(int Code, string Output)> RunAsync(string program, params string[] arguments) => ChildProcess.RunAsync([program, .. arguments]);
}
