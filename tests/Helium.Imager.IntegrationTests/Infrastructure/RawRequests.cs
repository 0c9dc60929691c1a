namespace Helium.Imager.IntegrationTests.Infrastructure;

public static class RawRequests
{
    /// <summary>A request whose path goes on the wire exactly as written (no dot-segment removal, no
    /// unescaping), as an attacker's client would send it.</summary>
    public static HttpRequestMessage Get(Uri baseAddress, string rawPath) =>
        new(HttpMethod.Get, new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + rawPath,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
}
