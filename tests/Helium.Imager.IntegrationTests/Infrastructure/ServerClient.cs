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
}
