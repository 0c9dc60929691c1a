using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;
using ImageMagick;
using static Helium.Imager.IntegrationTests.Infrastructure.ImageResponses;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>PDF pages through the same URLs and cache, against radosgw; every PDF fixture.</summary>
public sealed class PdfTransformTests(TransformStore store) : IClassFixture<TransformStore>
{
    private HttpClient Client => store.Server.Client;

    [Theory]
    [InlineData("pdf/minimal-document.pdf")]
    [InlineData("pdf/grayscale-image.pdf")]
    [InlineData("pdf/pdflatex-4-pages.pdf")]
    [InlineData("pdf/pdflatex-image.pdf")]
    [InlineData("pdf/habibi-rotated.pdf")]
    public async Task The_first_page_of_each_pdf_becomes_a_thumbnail(string file)
    {
        using var response = await Client.GetAsync(store.Url(file, "thumbnail=190x190"));
        using var image = await ImageOf(response);

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(190, (int)Math.Max(image.Width, image.Height));
        Assert.True(image.Width >= 100 && image.Height >= 100, $"{image.Width}x{image.Height}");
    }

    [Fact]
    public async Task Pages_are_chosen_with_page_and_refused_beyond_the_last()
    {
        using var page2 = await Client.GetAsync(store.Url("pdf/pdflatex-4-pages.pdf", "w=120&page=2&format=png"));
        using var page4 = await Client.GetAsync(store.Url("pdf/pdflatex-4-pages.pdf", "w=120&page=4&format=png"));
        using var page5 = await Client.GetAsync(store.Url("pdf/pdflatex-4-pages.pdf", "w=120&page=5"));

        using var second = await ImageOf(page2);
        using var fourth = await ImageOf(page4);
        Assert.NotEqual(page2.Headers.ETag, page4.Headers.ETag);
        Assert.True(second.Compare(fourth, ErrorMetric.RootMeanSquared) > 0.01, "pages 2 and 4 rendered alike");
        await ProblemAssert.IsProblemAsync(page5, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Contains("(4)", await page5.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_page_comes_out_rotated()
    {
        using var image = await ImageOf(await Client.GetAsync(store.Url("pdf/habibi-rotated.pdf", "w=200")));

        Assert.True(image.Width > image.Height, $"{image.Width}x{image.Height}");
    }

    [Fact]
    public async Task A_password_protected_pdf_is_422()
    {
        using var response = await Client.GetAsync(store.Url("pdf/libreoffice-writer-password.pdf", "w=100"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "unprocessable-source");
        Assert.Contains("password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6000)]
    [InlineData(0)]
    public async Task A_broken_pdf_is_422(int keepBytes)
    {
        var bytes = keepBytes > 0 ? Fixture.Bytes("pdf/pdflatex-4-pages.pdf")[..keepBytes] : "%PDF-1.4\ngarbage\n"u8.ToArray();
        var key = $"broken-{keepBytes}.pdf";
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, InputStream = new MemoryStream(bytes) });

        using var response = await Client.GetAsync(store.Url(key, "w=100"));
        using var info = await Client.GetAsync(store.Url(key, "info=true"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "unprocessable-source");
        await ProblemAssert.IsProblemAsync(info, HttpStatusCode.UnprocessableEntity, "unprocessable-source");
    }

    [Fact]
    public async Task The_page_background_becomes_bg()
    {
        using var white = await ImageOf(await Client.GetAsync(store.Url("pdf/minimal-document.pdf", "w=100&format=png")));
        using var red = await ImageOf(await Client.GetAsync(store.Url("pdf/minimal-document.pdf", "w=100&format=png&bg=ff0000")));

        Assert.False(white.HasAlpha && !white.IsOpaque);
        Assert.Equal((255, 255, 255), Rgb(white, 1, 1));
        Assert.Equal((255, 0, 0), Rgb(red, 1, 1));
    }

    [Fact]
    public async Task Pdf_renditions_are_cached_like_any_other()
    {
        var url = store.Url("pdf/pdflatex-image.pdf", "w=150&h=150&fit=cover&format=webp");

        using var first = await Client.GetAsync(url);
        using var second = await Client.GetAsync(url);

        Assert.Equal("miss", CacheOutcome(first));
        Assert.Equal("hit", CacheOutcome(second));
        using var image = await ImageOf(second);
        Assert.Equal((150, 150), ((int)image.Width, (int)image.Height));
    }

    [Theory]
    [InlineData("page=2&w=10", "page:")]
    [InlineData("dpi=100&w=10", "dpi:")]
    public async Task Pdf_parameters_are_400_on_other_sources(string query, string named)
    {
        using var response = await Client.GetAsync(store.Url("raster/Landscape_1.jpg", query));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_ghostscript_pdfs_are_503_naming_the_package_and_the_server_is_not_ready()
    {
        await using var server = await store.StartServerAsync(("Renderers:Ghostscript", "/nonexistent/gs"));

        using var response = await server.Client.GetAsync(store.Url("pdf/minimal-document.pdf", "w=101"));
        using var ready = await server.Client.GetAsync("/readyz");
        using var jpeg = await server.Client.GetAsync(store.Url("raster/Landscape_1.jpg", "w=101"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "renderer-unavailable");
        Assert.Contains("ghostscript", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(ready, HttpStatusCode.ServiceUnavailable, "not-ready");
        Assert.Equal(HttpStatusCode.OK, jpeg.StatusCode);
    }

    private static (int R, int G, int B) Rgb(MagickImage image, int x, int y)
    {
        var pixel = image.GetPixels().GetPixel(x, y).ToColor()!;
        return (pixel.R, pixel.G, pixel.B);
    }
}
