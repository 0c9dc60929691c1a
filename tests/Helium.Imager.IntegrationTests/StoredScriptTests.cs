using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.IntegrationTests.Transforms;

namespace Helium.Imager.IntegrationTests;

/// <summary>
/// Whoever can upload to a bucket must not be able to run script on this server's origin: a stored
/// page, SVG or script passed through comes with a sandboxing Content-Security-Policy and as a download,
/// its bytes unchanged; images, PDFs and DICOM files are served inline as before; every response says
/// nosniff. Over HTTP, from radosgw and from a folder.
/// </summary>
public sealed class StoredScriptTests(TransformStore store) : IClassFixture<TransformStore>
{
    private const string Policy = "default-src 'none'; sandbox";
    private const string Page = "<html><body><script>document.cookie</script></body></html>";
    private const string Drawing = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(document.domain)\"><rect width=\"10\" height=\"10\"/></svg>";

    [Theory]
    [InlineData("page.html", "text/html", Page, true)]
    [InlineData("drawing.svg", "image/svg+xml", Drawing, true)]
    [InlineData("feed.xml", "application/xml", "<a/>", true)]
    [InlineData("code.js", "text/javascript", "alert(1)", true)]
    [InlineData("page.xhtml", "application/xhtml+xml", Page, true)]
    [InlineData("untyped", null, Page, true)]
    [InlineData("notes.txt", "text/plain; charset=utf-8", "just text", false)]
    public async Task Pass_through_from_the_bucket_sandboxes_what_could_run(string key, string? contentType, string content, bool active)
    {
        var objectKey = $"stored/{Guid.NewGuid():N}-{key}";
        if (contentType is null)
        {
            await PutUntypedAsync(objectKey, content);
        }
        else
        {
            await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = objectKey, ContentBody = content, ContentType = contentType });
        }

        using var response = await store.Server.Client.GetAsync(StoreUnderTest.PathOf(store.Bucket, objectKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsStringAsync());
        AssertSandboxed(response, active);
    }

    [Theory]
    [InlineData("raster/Landscape_1.jpg")]
    [InlineData("pdf/minimal-document.pdf")]
    [InlineData("dicom/CT_small.dcm")]
    public async Task Images_pdfs_and_dicom_from_the_bucket_are_served_inline(string fixture)
    {
        var key = $"stored/{Guid.NewGuid():N}{Path.GetExtension(fixture)}";
        var type = Path.GetExtension(fixture) switch { ".jpg" => "image/jpeg", ".pdf" => "application/pdf", _ => "application/dicom" };
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, FilePath = Fixture.Path(fixture), ContentType = type });

        using var response = await store.Server.Client.GetAsync(StoreUnderTest.PathOf(store.Bucket, key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSandboxed(response, active: false);
    }

    [Fact]
    public async Task Pass_through_from_a_folder_sandboxes_pages_and_svg_too()
    {
        var folder = new FolderStore("stored-script");
        try
        {
            var bucket = folder.Bucket("uploads");
            await File.WriteAllTextAsync(Path.Combine(bucket, "page.html"), Page);
            await File.WriteAllTextAsync(Path.Combine(bucket, "drawing.svg"), Drawing);
            folder.Add("uploads", "raster/Landscape_1.jpg", "photo.jpg");
            await using var server = await TestServer.StartAsync(folder.Settings);

            using var page = await server.Client.GetAsync("/uploads/page.html");
            using var drawing = await server.Client.GetAsync("/uploads/drawing.svg");
            using var photo = await server.Client.GetAsync("/uploads/photo.jpg");

            Assert.Equal(Page, await page.Content.ReadAsStringAsync());
            AssertSandboxed(page, active: true);
            AssertSandboxed(drawing, active: true);
            AssertSandboxed(photo, active: false);
        }
        finally
        {
            folder.Delete();
        }
    }

    [Fact]
    public async Task Every_response_says_nosniff()
    {
        using var rendition = await store.Server.Client.GetAsync(store.Url("raster/Landscape_1.jpg", "w=50"));
        using var problem = await store.Server.Client.GetAsync(StoreUnderTest.PathOf(store.Bucket, "no/such/object.jpg"));
        using var health = await store.Server.Client.GetAsync("/healthz");

        foreach (var response in new[] { rendition, problem, health })
        {
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.False(response.Headers.Contains("Content-Security-Policy"), $"{response.RequestMessage!.RequestUri}: a policy on a response we made");
        }
    }

    /// <summary>An object stored with no Content-Type at all (the SDK always sends one; curl's upload
    /// sends none, and the store labels it with its default).</summary>
    private async Task PutUntypedAsync(string key, string content)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, content);
            var url = $"{Radosgw.Url}/{store.Bucket}/{key}";
            using var curl = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("curl",
                ["-sS", "--fail", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{Radosgw.AccessKey}:{Radosgw.SecretKey}",
                 "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-T", file, url])
            { RedirectStandardError = true })!;
            var error = await curl.StandardError.ReadToEndAsync();
            await curl.WaitForExitAsync();
            Assert.True(curl.ExitCode == 0, $"curl: {error}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void AssertSandboxed(HttpResponseMessage response, bool active)
    {
        var label = $"{response.RequestMessage!.RequestUri} ({response.Content.Headers.ContentType})";
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        if (active)
        {
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var policy) && policy.Single() == Policy, $"{label}: no sandboxing policy");
            Assert.True(response.Content.Headers.ContentDisposition?.DispositionType == "attachment", $"{label}: not a download");
        }
        else
        {
            Assert.False(response.Headers.Contains("Content-Security-Policy"), $"{label}: sandboxed");
            Assert.Null(response.Content.Headers.ContentDisposition);
        }
    }
}
