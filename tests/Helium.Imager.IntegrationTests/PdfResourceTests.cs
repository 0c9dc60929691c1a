using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests;

/// <summary>
/// The real executable drawing a thousand PDF pages: every render's private folder (the file, the
/// page script, the drawn page) is gone afterwards, and resident memory is back near where it was.
/// Runs alone: other tests' load would blur the numbers.
/// </summary>
[Collection(RunAlone.Name)]
public sealed class PdfResourceTests : IAsyncLifetime
{
    private const int Renders = 1000;

    /// <summary>Allocator and GC pools grown by the load; a leaked page (a 380 px PNG, a source copy)
    /// a render would be 1000 of them.</summary>
    private const double AllowedGrowthMiB = 48;

    private readonly FolderStore _store = new("pdf-resources");
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("helium-pdf-resources-");
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        File.Copy(Fixture.Path("pdf/pdflatex-4-pages.pdf"), Path.Combine(_store.Bucket("docs"), "paper.pdf"));
        // No renditions kept in memory: what is measured is what rendering leaves behind.
        var settings = _store.Settings;
        settings["Cache:MemoryBytes"] = "0";
        _server = await ServerProcess.StartAsync(settings, new Dictionary<string, string> { ["TMPDIR"] = _temp.FullName });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _store.Delete();
        _temp.Delete(recursive: true);
    }

    [Fact]
    public async Task A_thousand_pdf_renders_leave_no_files_behind_and_memory_near_its_baseline()
    {
        for (var i = 0; i < 4; i++)
        {
            using var warm = await _server.Client.GetAsync($"/docs/paper.pdf?w={90 + i}&page={i + 1}");
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var baseline = await _server.SettledMemoryAsync();
        var entriesBefore = _temp.GetFileSystemInfos("*", SearchOption.AllDirectories).Length;

        // Each a distinct rendition (a cache miss), two at a time: the server's two render slots.
        var codes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async lane =>
        {
            var seen = new List<HttpStatusCode>();
            for (var i = lane; i < Renders; i += 2)
            {
                using var response = await _server.Client.GetAsync($"/docs/paper.pdf?w={100 + (i / 4)}&page={(i % 4) + 1}");
                seen.Add(response.StatusCode);
            }

            return seen;
        }));

        var after = await _server.SettledMemoryAsync();
        var left = _temp.GetFileSystemInfos("*", SearchOption.AllDirectories).Select(entry => entry.FullName).ToList();
        Console.WriteLine($"pdf: {Renders} renders; memory baseline {baseline:0} MiB, after {after:0} MiB; temporary entries {entriesBefore} before, {left.Count} after");
        Assert.All(codes.SelectMany(c => c), code => Assert.Equal(HttpStatusCode.OK, code));
        Assert.True(left.Count == entriesBefore, "left in the temporary folder: " + string.Join(", ", left.Take(10)));
        Assert.True(after <= baseline + AllowedGrowthMiB, $"resident memory {after:0} MiB after {Renders} PDF renders, baseline {baseline:0} MiB");
    }
}
