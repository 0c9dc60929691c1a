using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>/metrics off the public port, on the real executable: on a listener of its own with
/// Management:Urls, else for clients on this machine only.</summary>
public sealed class ManagementListenerTests
{
    [Fact]
    public async Task With_management_urls_metrics_leave_the_public_port()
    {
        var management = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?> { ["Management:Urls"] = management.ToString().TrimEnd('/') });
        using var scraper = ServerClient.For(management);

        using var publicMetrics = await server.Client.GetAsync("/metrics");
        using var publicImage = await server.Client.GetAsync("/demo/flag.png");
        using var metrics = await scraper.GetAsync("/metrics");
        using var health = await scraper.GetAsync("/healthz");
        using var ready = await scraper.GetAsync("/readyz");
        using var image = await scraper.GetAsync("/demo/flag.png");

        await ProblemAssert.IsProblemAsync(publicMetrics, HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.OK, publicImage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("helium_http_requests_total", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await ProblemAssert.IsProblemAsync(image, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Without_management_urls_metrics_answer_this_machine_only()
    {
        // The known proxy on loopback forwards a client from elsewhere: what a reverse proxy in front does.
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" });

        using var local = await server.Client.GetAsync("/metrics");
        using var remote = await server.Client.SendAsync(Forwarded("/metrics", "203.0.113.9"));
        using var remoteImage = await server.Client.SendAsync(Forwarded("/demo/flag.png", "203.0.113.9"));

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        await ProblemAssert.IsProblemAsync(remote, HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.OK, remoteImage.StatusCode);
    }

    [Fact]
    public async Task A_proxy_header_from_an_unknown_proxy_is_not_loopback()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>());

        using var proxied = await server.Client.SendAsync(Forwarded("/metrics", "203.0.113.9"));

        await ProblemAssert.IsProblemAsync(proxied, HttpStatusCode.NotFound, "not-found");
        Assert.Contains(server.Output, line => line.Contains("X-Forwarded-For from 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_management_port_shared_with_the_public_one_refuses_to_start()
    {
        var port = ServerProcess.FreePort();

        var (exitCode, errors, _) = await ServerProcess.RunToExitAsync([$"--urls=http://127.0.0.1:{port}", $"--Management:Urls=http://127.0.0.1:{port}"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Management:Urls", Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Forwarded(string path, string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", client);
        return request;
    }
}
