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

    /// <summary>Root-mean-square difference of two images, 0 (equal) to 1; the second is resized to the
    /// first's size when they differ.</summary>
    public static double Difference(MagickImage image, MagickImage reference)
    {
        if (image.Width != reference.Width || image.Height != reference.Height)
        {
            reference.Resize(new MagickGeometry(image.Width, image.Height) { IgnoreAspectRatio = true });
        }

        return image.Compare(reference, ErrorMetric.RootMeanSquared);
    }

    /// <summary>The X-Imager-Cache header: hit or miss.</summary>
    public static string CacheOutcome(HttpResponseMessage response) => string.Join(",", response.Headers.GetValues("X-Imager-Cache"));
}
