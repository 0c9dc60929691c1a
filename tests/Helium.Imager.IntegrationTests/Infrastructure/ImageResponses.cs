using System.Net;
using ImageMagick;

namespace Helium.Imager.IntegrationTests.Infrastructure;

public static class ImageResponses
{
    /// <summary>Asserts a 200 and decodes the body (the problem text is in the failure message).</summary>
    public static async Task<MagickImage> ImageOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        return new MagickImage(body);
    }

    /// <summary>The X-Imager-Cache header: hit or miss.</summary>
    public static string CacheOutcome(HttpResponseMessage response) => string.Join(",", response.Headers.GetValues("X-Imager-Cache"));
}
