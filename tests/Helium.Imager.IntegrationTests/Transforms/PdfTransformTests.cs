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
        using var lossless = await ImageOf(await Client.GetAsync(store.Url(file, "thumbnail=190x190&format=png")));
        using var oracle = Pdftoppm.Render(Fixture.Path(file), 1, (int)lossless.Width);

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(190, (int)Math.Max(image.Width, image.Height));
        Assert.True(image.Width >= 100 && image.Height >= 100, $"{image.Width}x{image.Height}");
        var difference = PageDifference(lossless, oracle);
        var overlap = InkOverlap(lossless, oracle);
        Assert.True(difference < 0.02 && overlap > 0.5, $"RMSE {difference:0.0000} against poppler's rendering; the ink's bounding boxes overlap {overlap:0.00}");
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

    [Theory]
    [InlineData(1, 90)]
    [InlineData(2, 180)]
    [InlineData(3, 270)]
    [InlineData(4, 360)]
    public async Task A_rotated_page_comes_out_rotated(int page, int rotate)
    {
        using var image = await ImageOf(await Client.GetAsync(store.Url("pdf/habibi-rotated.pdf", $"w=200&page={page}&format=png")));
        using var oracle = Pdftoppm.Render(Fixture.Path("pdf/habibi-rotated.pdf"), page, 200);

        Assert.Equal(rotate is 90 or 270, image.Width > image.Height);
        var difference = PageDifference(image, oracle);
        var overlap = InkOverlap(image, oracle);
        Assert.True(difference < 0.02 && overlap > 0.5, $"/Rotate {rotate}: RMSE {difference:0.0000} against poppler's rendering; the ink's bounding boxes overlap {overlap:0.00}");
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

    [Theory]
    [InlineData(3.84, "thumbnail=190x190", 190, 190)]
    [InlineData(3.84, "w=300", 300, 300)]
    [InlineData(20, "w=100&h=50&fit=cover", 100, 50)]
    public async Task A_vector_page_fills_the_box_however_small_it_is(double points, string query, int width, int height)
    {
        // A page of 3.84 x 3.84 pt, its left half red: drawn at the size asked for, not at its size
        // in points (32 px at 600 dpi) and left there by "never enlarge".
        var key = $"square-{points}.pdf";
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, InputStream = new MemoryStream(PdfWriter.SquarePage(points)) });

        using var image = await ImageOf(await Client.GetAsync(store.Url(key, query + "&format=png")));

        Assert.Equal((width, height), ((int)image.Width, (int)image.Height));
        Assert.Equal((255, 0, 0), Rgb(image, width / 4, height / 2));
        Assert.Equal((255, 255, 255), Rgb(image, width * 3 / 4, height / 2));
    }

    [Fact]
    public async Task The_page_background_becomes_bg()
    {
        using var white = await ImageOf(await Client.GetAsync(store.Url("pdf/minimal-document.pdf", "w=100&format=png")));
        using var red = await ImageOf(await Client.GetAsync(store.Url("pdf/minimal-document.pdf", "w=100&format=png&bg=ff0000")));

        Assert.False(white.HasAlpha && !white.IsOpaque);
        Assert.Equal((255, 255, 255), Rgb(white, 1, 1));
        Assert.Equal((255, 0, 0), Rgb(red, 1, 1));

        // Everywhere: what is paper on white is red on red, and the ink stays ink.
        var paper = white.GetPixels().ToByteArray(PixelMapping.RGB)!;
        var onRed = red.GetPixels().ToByteArray(PixelMapping.RGB)!;
        var ink = 0;
        for (var i = 0; i < paper.Length; i += 3)
        {
            if (paper[i] == 255 && paper[i + 1] == 255 && paper[i + 2] == 255)
            {
                Assert.True(onRed[i] == 255 && onRed[i + 1] == 0 && onRed[i + 2] == 0, $"pixel {i / 3}: paper but not red");
            }
            else if (paper[i] < 200)
            {
                ink++;
                Assert.True(onRed[i + 1] < 200, $"pixel {i / 3}: ink on white, not on red");
            }
        }

        Assert.True(ink > 20, $"only {ink} ink pixels: the page is blank");
    }

    [Fact]
    public async Task Edges_of_a_colour_fill_blend_with_bg_in_proportion()
    {
        // A red square whose sides fall between pixels, drawn at 72 dpi (a point a pixel, no resize)
        // on blue: an edge pixel of coverage a is (255a, 0, 255(1 - a)), so red + blue = 255. Pixels
        // read as premultiplied, or flattened twice, come out darker (at a = 0.5, 64 + 128).
        var content = "1 0 0 rg 10.3 10.3 20.4 20.4 re f";
        var pdf = PdfWriter.Write(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 40 40] /Contents 4 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        var key = $"edges-{Guid.NewGuid():N}.pdf";
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, InputStream = new MemoryStream(pdf) });

        using var image = await ImageOf(await Client.GetAsync(store.Url(key, "dpi=72&format=png&bg=0000ff")));

        Assert.Equal((40u, 40u), (image.Width, image.Height));
        var pixels = image.GetPixels().ToByteArray(PixelMapping.RGB)!;
        var edges = 0;
        for (var i = 0; i < pixels.Length; i += 3)
        {
            var (red, green, blue) = (pixels[i], pixels[i + 1], pixels[i + 2]);
            Assert.True(green < 4 && Math.Abs(red + blue - 255) <= 6, $"pixel {i / 3 % 40},{i / 3 / 40}: ({red}, {green}, {blue})");
            edges += red is > 20 and < 235 ? 1 : 0;
        }

        Assert.True(edges >= 40, $"only {edges} edge pixels: the square's sides fell on pixel boundaries");
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
    public async Task Without_mupdf_pdfs_are_503_naming_the_package_and_the_server_is_not_ready()
    {
        await using var server = await store.StartServerAsync(("Renderers:MuTool", "/nonexistent/mutool"));

        using var response = await server.Client.GetAsync(store.Url("pdf/minimal-document.pdf", "w=101"));
        using var ready = await server.Client.GetAsync("/readyz");
        using var jpeg = await server.Client.GetAsync(store.Url("raster/Landscape_1.jpg", "w=101"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "renderer-unavailable");
        Assert.Contains("mupdf-tools", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(ready, HttpStatusCode.ServiceUnavailable, "not-ready");
        Assert.Equal(HttpStatusCode.OK, jpeg.StatusCode);
    }

    private static (int R, int G, int B) Rgb(MagickImage image, int x, int y)
    {
        var pixel = image.GetPixels().GetPixel(x, y).ToColor()!;
        return (pixel.R, pixel.G, pixel.B);
    }

    /// <summary>RMSE of two renderings of a page, both softened first (σ 1 px): two PDF renderers
    /// antialias and hint glyphs differently, which is not what these tests are about.</summary>
    private static double PageDifference(MagickImage image, MagickImage oracle)
    {
        using var a = (MagickImage)image.Clone();
        using var b = (MagickImage)oracle.Clone();
        a.GaussianBlur(0, 1);
        b.GaussianBlur(0, 1);
        return Difference(a, b);
    }

    /// <summary>Where the ink is, as the intersection over union of the two renderings' bounding boxes
    /// of everything not near white (1: the same box; 0: apart, or one page blank). A page that is
    /// mostly white (a word in a corner) differs little in RMSE however it is turned; this does not.</summary>
    private static double InkOverlap(MagickImage image, MagickImage oracle)
    {
        var a = InkBox(image);
        var b = InkBox(oracle);
        if (a is null || b is null)
        {
            return 0;
        }

        var width = Math.Min(a.Value.Right, b.Value.Right) - Math.Max(a.Value.Left, b.Value.Left);
        var height = Math.Min(a.Value.Bottom, b.Value.Bottom) - Math.Max(a.Value.Top, b.Value.Top);
        var intersection = Math.Max(0, width) * Math.Max(0, height);
        return intersection / (a.Value.Area + b.Value.Area - intersection);
    }

    private static (double Left, double Top, double Right, double Bottom, double Area)? InkBox(MagickImage image)
    {
        using var copy = (MagickImage)image.Clone();
        copy.Alpha(AlphaAction.Off);
        copy.Threshold(new Percentage(80));
        copy.Negate();
        var box = copy.BoundingBox;
        if (box is null || box.Width == 0 || box.Height == 0 || (box.Width == copy.Width && box.Height == copy.Height && copy.Statistics().GetChannel(PixelChannel.Red)!.Maximum == 0))
        {
            return null;
        }

        return (box.X, box.Y, box.X + box.Width, box.Y + box.Height, (double)box.Width * box.Height);
    }
}
