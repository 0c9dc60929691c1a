using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>
/// The commands beside the server, run as the real executable: <c>warm</c> fills the cache bucket for
/// what is stored and, interrupted and run again, renders each rendition once in all; <c>render</c> gives
/// what the URL API gives for the same query.
/// </summary>
public sealed partial class CommandTests
{
    [Fact]
    public async Task Warm_interrupted_and_run_again_renders_each_rendition_once()
    {
        using var s3 = Radosgw.CreateClient();
        var (bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(s3, "warm");
        var photo = await File.ReadAllBytesAsync(Fixture.Path("raster/Landscape_1.jpg"));
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"photos/{i:D3}.jpg", InputStream = new MemoryStream(photo) }, token));
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "elsewhere/skip.jpg", InputStream = new MemoryStream(photo) });
        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = cache;
        settings["Presets:thumb"] = "thumbnail=64x64";
        string[] arguments = ["warm", $"{bucket}/photos/", "--preset", "thumb", "--concurrency", "1", .. settings.Select(s => $"--{s.Key}={s.Value}")];

        // Interrupted (SIGINT, as Ctrl-C) once some renditions are in the cache bucket.
        using var first = ServerProcess.StartCommand(arguments);
        var firstOutput = first.StandardOutput.ReadToEndAsync();
        var firstErrors = first.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await RenditionsAsync(s3, cache) < 20 && DateTime.UtcNow < deadline && !first.HasExited)
        {
            await Task.Delay(50);
        }

        using (var kill = Process.Start("kill", ["-INT", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await first.WaitForExitAsync();
        var (second, secondErrors, secondOutput) = await ServerProcess.RunToExitAsync(arguments);

        Assert.True(first.ExitCode == 130, $"{first.ExitCode}: {await firstErrors}");
        var interrupted = Summary().Match(await firstOutput);
        Assert.True(interrupted.Success && (await firstOutput).Contains("interrupted after", StringComparison.Ordinal), await firstOutput);
        var renderedFirst = int.Parse(interrupted.Groups["rendered"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(renderedFirst, 20, 199);
        Assert.True(second == 0, secondErrors);
        var completed = Summary().Match(secondOutput);
        Assert.True(completed.Success, secondOutput);
        Assert.Equal(200 - renderedFirst, int.Parse(completed.Groups["rendered"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(renderedFirst, int.Parse(completed.Groups["skipped"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0", completed.Groups["failed"].Value);
        Assert.Equal(200, await RenditionsAsync(s3, cache));
    }

    [Fact]
    public async Task Warm_counts_failures_by_reason_and_exits_1()
    {
        var folder = new FolderStore("warm-fail");
        try
        {
            folder.Add("docs", "raster/Landscape_1.jpg", "good.jpg");
            folder.Add("docs", "raster/corrupt-header.jpg", "bad.jpg");
            folder.Add("docs", "raster/check.svg", "drawing.svg");
            var settings = folder.Settings;
            settings["Presets:thumb"] = "thumbnail=64x64";
            var (code, errors, output) = await ServerProcess.RunToExitAsync(["warm", "docs", "--preset", "thumb", .. settings.Select(s => $"--{s.Key}={s.Value}")]);
            var (unknown, unknownErrors, _) = await ServerProcess.RunToExitAsync(["warm", "docs", "--preset", "poster", .. settings.Select(s => $"--{s.Key}={s.Value}")]);

            Assert.True(code == 1, errors);
            Assert.Contains("rendered 1, skipped 0 (cached), failed 2 (unprocessable-source 1, unsupported-source 1)", output, StringComparison.Ordinal);
            Assert.Equal(2, unknown);
            Assert.Contains("'poster' is not a preset", unknownErrors, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete();
        }
    }

    [Theory]
    [InlineData("raster/Landscape_1.jpg", "thumbnail=150x150&quality=70")]
    [InlineData("raster/animated-loop-3.gif", "w=40&format=webp")]
    [InlineData("pdf/pdflatex-4-pages.pdf", "page=2&w=300&format=png")]
    [InlineData("dicom/CT_small.dcm", "w=100&window=40,400")]
    [InlineData("dicom/JPEG2000.dcm", "info=true")]
    public async Task Render_gives_what_the_url_gives(string fixture, string query)
    {
        var folder = new FolderStore("render");
        try
        {
            var name = Path.GetFileName(fixture);
            folder.Add("docs", fixture, name);
            await using var server = await TestServer.StartAsync(folder.Settings);
            using var response = await server.Client.GetAsync($"/docs/{name}?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var output = Path.Combine(folder.Root, "out.bin");

            var (code, errors, _) = await ServerProcess.RunToExitAsync(["render", Fixture.Path(fixture), query, "-o", output]);

            Assert.True(code == 0, errors);
            Assert.Equal(await response.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(output));
        }
        finally
        {
            folder.Delete();
        }
    }

    [Fact]
    public async Task Render_says_what_the_url_would_say_on_stderr_with_exit_code_1()
    {
        var (badQuery, badQueryErrors, badQueryOutput) = await ServerProcess.RunToExitAsync(["render", Fixture.Path("raster/Landscape_1.jpg"), "w=0"]);
        var (damaged, damagedErrors, _) = await ServerProcess.RunToExitAsync(["render", Fixture.Path("raster/corrupt-header.jpg"), "w=10"]);
        var (usage, usageErrors, _) = await ServerProcess.RunToExitAsync(["render"]);

        Assert.Equal(1, badQuery);
        Assert.StartsWith("helium-imager: 400 invalid-query: w:", badQueryErrors, StringComparison.Ordinal);
        Assert.Empty(badQueryOutput);
        Assert.Equal(1, damaged);
        Assert.Contains("422 unprocessable-source", damagedErrors, StringComparison.Ordinal);
        Assert.Equal(2, usage);
        Assert.Contains("usage: render FILE", usageErrors, StringComparison.Ordinal);
    }

    private static async Task<int> RenditionsAsync(Amazon.S3.AmazonS3Client s3, string cache)
    {
        var (count, request) = (0, new ListObjectsV2Request { BucketName = cache, Prefix = "renditions/" });
        do
        {
            var page = await s3.ListObjectsV2Async(request);
            count += page.S3Objects?.Count ?? 0;
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
        return count;
    }

    [GeneratedRegex(@"rendered (?<rendered>\d+), skipped (?<skipped>\d+) \(cached\), failed (?<failed>\d+)")]
    private static partial Regex Summary();
}
