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
}
