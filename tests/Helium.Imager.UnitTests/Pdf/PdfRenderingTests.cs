using Helium.Imager.Core.Pdf;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;

namespace Helium.Imager.UnitTests.Pdf;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PdfRenderingTests
{
    private static readonly RenderLimits Limits = new(4096, 100_000_000, 100);
    private static readonly PdfRasterizer.PageInfo A4 = new(1, 595.28, 841.89);

    [Theory]
    [InlineData(190, 46)]
    [InlineData(400, 97)]
    [InlineData(1000, 242)]
    public void The_density_gives_twice_the_output_size_on_the_short_side(int width, int dpi)
    {
        Assert.Equal(dpi, PdfSource.ChooseDpi(A4, new TransformPlan { Width = width }, Limits));
    }

    [Fact]
    public void Without_a_size_the_default_density_is_used_and_an_explicit_one_wins()
    {
        Assert.Equal(PdfSource.DefaultDpi, PdfSource.ChooseDpi(A4, new TransformPlan(), Limits));
        Assert.Equal(300, PdfSource.ChooseDpi(A4, new TransformPlan { Width = 100, Dpi = 300 }, Limits));
    }

    [Fact]
    public void A_huge_page_is_rendered_no_larger_than_the_limits_allow()
    {
        var poster = new PdfRasterizer.PageInfo(1, 14400, 14400); // 200 x 200 inches
        var dpi = PdfSource.ChooseDpi(poster, new TransformPlan { Width = 4096, Dpi = 600 }, Limits);

        Assert.True(14400 / 72.0 * dpi <= 2 * 4096, $"dpi {dpi}");
        Assert.True(Math.Pow(14400 / 72.0 * dpi, 2) <= 100_000_000, $"dpi {dpi}");
        Assert.True(dpi >= 1);
    }

    [Fact]
    public async Task A_ghostscript_that_never_finishes_is_killed_at_the_deadline()
    {
        var folder = Directory.CreateTempSubdirectory("helium-fake-gs-");
        var fake = Path.Combine(folder.FullName, "gs");
        var pidFile = Path.Combine(folder.FullName, "pid");
        await File.WriteAllTextAsync(fake, $"#!/bin/sh\necho $$ > {pidFile}\nexec sleep 60\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var pdf = Path.Combine(folder.FullName, "x.pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.4");
        try
        {
            var started = DateTime.UtcNow;
            await Assert.ThrowsAsync<TimeoutException>(() => new PdfRasterizer(fake).RenderPageAsync(pdf, 1, 72, TimeSpan.FromMilliseconds(500), CancellationToken.None));

            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
            var pid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(Directory.Exists($"/proc/{pid}"), "the helper process is still running");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_ghostscript_is_reported_by_its_package()
    {
        var rasterizer = new PdfRasterizer("/nonexistent/gs");

        var reason = await rasterizer.CheckAvailableAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<RendererUnavailableException>(() => rasterizer.RenderPageAsync("/tmp/none.pdf", 1, 72, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Contains("ghostscript", reason, StringComparison.Ordinal);
        Assert.Contains("ghostscript", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_and_dpi_are_refused_for_other_sources()
    {
        var renderer = RegisteredSources.Get();
        var jpeg = Fixture.Bytes("raster/Landscape_1.jpg");
        var detected = renderer.Detect(jpeg)!;

        var page = await Assert.ThrowsAsync<SourceRejectedException>(() => renderer.RenderAsync(jpeg, detected, new TransformPlan { Page = 2 }, null, TimeSpan.FromSeconds(5), CancellationToken.None));
        var dpi = await Assert.ThrowsAsync<SourceRejectedException>(() => renderer.RenderAsync(jpeg, detected, new TransformPlan { Dpi = 100 }, null, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(SourceProblem.ParameterNotApplicable, page.Problem);
        Assert.StartsWith("page:", page.Message, StringComparison.Ordinal);
        Assert.StartsWith("dpi:", dpi.Message, StringComparison.Ordinal);
    }
}
