using Helium.Imager.Core.Pdf;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;

namespace Helium.Imager.UnitTests.Pdf;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PdfRenderingTests
{
    private static readonly RenderLimits Limits = new(4096, 100_000_000, 100);

    [Theory]
    [InlineData(Fit.Inside, "smaller")]
    [InlineData(Fit.Contain, "smaller")]
    [InlineData(Fit.Cover, "larger")]
    [InlineData(Fit.Outside, "larger")]
    [InlineData(Fit.Fill, "larger")]
    public void A_page_is_drawn_at_the_size_the_fit_needs(Fit fit, string rule)
    {
        var sizing = PageSizing.For(new TransformPlan { Width = 190, Height = 190, Fit = fit }, Limits);

        Assert.Equal(new PageSizing(rule, 2 * 190, 2 * 190, 0, 0, 0, 2 * 4096, 100_000_000), sizing);
    }

    [Fact]
    public void Without_a_size_the_default_density_is_used_an_explicit_one_wins_and_a_crop_is_the_region()
    {
        Assert.Equal(("fixed", PageSizing.DefaultDpi), (PageSizing.For(new TransformPlan(), Limits).Rule, PageSizing.For(new TransformPlan(), Limits).Dpi));
        Assert.Equal(("fixed", 300), (PageSizing.For(new TransformPlan { Width = 100, Dpi = 300 }, Limits).Rule, PageSizing.For(new TransformPlan { Width = 100, Dpi = 300 }, Limits).Dpi));
        var cropped = PageSizing.For(new TransformPlan { Width = 100, Crop = new PixelRect(10, 20, 30, 40) }, Limits);
        Assert.Equal((30d, 40d), (cropped.RegionWidth, cropped.RegionHeight));
        Assert.Equal(["smaller", "200", "0", "0", "30", "40", "8192", "100000000"], cropped.Arguments());
    }

    [Fact]
    public async Task A_mutool_that_never_finishes_is_killed_at_the_deadline()
    {
        var folder = Directory.CreateTempSubdirectory("helium-fake-mutool-");
        var fake = Path.Combine(folder.FullName, "mutool");
        var pidFile = Path.Combine(folder.FullName, "pid");
        await File.WriteAllTextAsync(fake, $"#!/bin/sh\necho $$ > {pidFile}\nexec sleep 60\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var pdf = Path.Combine(folder.FullName, "x.pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.4");
        try
        {
            var started = DateTime.UtcNow;
            using var mupdf = new MuPdf(fake);
            await Assert.ThrowsAsync<TimeoutException>(() => mupdf.DrawAsync(pdf, 1, PageSizing.For(new TransformPlan { Width = 100 }, Limits), TimeSpan.FromMilliseconds(500), CancellationToken.None));

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
    public async Task A_missing_mutool_is_reported_by_its_package()
    {
        using var mupdf = new MuPdf("/nonexistent/mutool");
        var folder = Directory.CreateTempSubdirectory("helium-no-mutool-");
        try
        {
            var reason = await mupdf.CheckAvailableAsync(CancellationToken.None);
            var error = await Assert.ThrowsAsync<RendererUnavailableException>(() => mupdf.DescribeAsync(Path.Combine(folder.FullName, "none.pdf"), TimeSpan.FromSeconds(5), CancellationToken.None));

            Assert.Contains("mupdf-tools", reason, StringComparison.Ordinal);
            Assert.Contains("mupdf-tools", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
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
