namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>An HTTP client for a server under test: no proxy, redirects and cookies left to the test.</summary>
public static class ServerClient
{
    public static HttpClient For(Uri baseAddress, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromMinutes(2),
        };

    /// <summary>Polls /healthz until it answers 200 (true), the process behind it exits, or 30 s pass.</summary>
    public static async Task<bool> WaitForHealthAsync(HttpClient client, System.Diagnostics.Process process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var health = await client.GetAsync("/healthz");
                if (health.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet (or, behind a proxy, no server seen up yet).
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>Waits until every rendition the server has answered is written to its cache
    /// (helium_cache_writes_pending is 0): renditions are written after the response, so a test that
    /// looks at the cache right after a response waits for this first.</summary>
    public static async Task CacheWritesSettledAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await PrometheusSamples.ScrapeAsync(client))[("helium_cache_writes_pending", "")] > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "renditions were still being written to the cache after 30 s");
            await Task.Delay(20);
        }
    }
}
