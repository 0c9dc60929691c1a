using System.Net;
using System.Text.Json;

namespace Helium.Imager.IntegrationTests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem+json answer with the given status and problem slug.</summary>
    public static async Task IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string slug)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal($"urn:helium-imager:problem:{slug}", json.RootElement.GetProperty("type").GetString());
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("detail").GetString()));
        Assert.DoesNotContain("<?xml", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Radosgw.SecretKey, body, StringComparison.Ordinal);
    }
}
