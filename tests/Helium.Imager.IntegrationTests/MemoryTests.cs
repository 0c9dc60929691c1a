using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests;

/// <summary>
/// The real executable in its own process, so that its resident memory is its own: after a barrage of
/// hostile sources and a burst of distinct transforms, its memory returns near the baseline it had
/// after serving each kind of source once. Runs alone: other tests' load would blur the numbers.
/// </summary>
[Collection(RunAlone.Name)]
public sealed class MemoryTests : IAsyncLifetime
{
    /// <summary>What the barrage may leave behind: allocator and GC pools grown by the load, not
    /// decoded images (one 2725x2225 RGBA frame alone is 23 MiB; the bomb would be 9 GiB).</summary>
    private const double AllowedGrowthMiB = 96;

    /// <summary>The DICOM worker processes together (each a .NET runtime with GDCM, about 60 MiB).</summary>
    private const double WorkersMiB = 400;

    /// <summary>What two 720 px renders of a 6-megapixel photo leave in the allocator (a shrunk decode
    /// alone is 1362 x 1112 x 3, 4.3 MiB, each): 26 MiB came back here, none without the release.</summary>
    private const double ReleasedWhenIdleMiB = 6;

    private readonly FolderStore _store = new("memory");
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        var bucket = _store.Bucket("files");
        foreach (var fixture in new[] { "raster/2569067123_aca715a2ee_o.jpg", "raster/4.webp", "raster/animated-loop-3.gif", "pdf/pdflatex-4-pages.pdf", "dicom/CT_small.dcm", "dicom/JPEG2000.dcm" })
        {
            File.Copy(Fixture.Path(fixture), Path.Combine(bucket, Path.GetFileName(fixture)));
            var bytes = Fixture.Bytes(fixture);
            await File.WriteAllBytesAsync(Path.Combine(bucket, "half-" + Path.GetFileName(fixture)), bytes[..(bytes.Length / 2)]);
        }

        await File.WriteAllBytesAsync(Path.Combine(bucket, "bomb.png"), HostileFiles.PngBomb());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "ztxt.png"), HostileFiles.PngWithHugeZtxt());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "cyclic.pdf"), HostileFiles.PdfWithCyclicPageTree());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "lying-pixels.dcm"), HostileFiles.DicomWithLyingPixelLength());
        await File.WriteAllBytesAsync(Path.Combine(bucket, "bad-vr.dcm"), HostileFiles.DicomWithNonStandardVr());

        _server = await ServerProcess.StartAsync(_store.Settings);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _store.Delete();
    }

    [Fact]
    public async Task Memory_returns_near_its_baseline_after_hostile_input()
    {
        var sources = new[] { "2569067123_aca715a2ee_o.jpg", "4.webp", "animated-loop-3.gif", "pdflatex-4-pages.pdf", "CT_small.dcm", "JPEG2000.dcm" };
        for (var round = 0; round < 3; round++)
        {
            foreach (var source in sources)
            {
                using var warm = await _server.Client.GetAsync($"/files/{source}?w={100 + round}");
                Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
            }
        }

        var baseline = await _server.SettledMemoryAsync();

        var hostile = sources.Select(s => "half-" + s).Concat(["bomb.png", "ztxt.png", "cyclic.pdf", "lying-pixels.dcm", "bad-vr.dcm"]).ToArray();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var refused = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var name in hostile)
            {
                using var response = await _server.Client.GetAsync($"/files/{name}?w={200 + round}");
                statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity))
                {
                    refused.Add($"{name}: {(int)response.StatusCode}");
                }
            }
        }

        // A burst of distinct renditions of the 6-megapixel JPEG, eight at a time: misses, each decoded.
        var burst = await Task.WhenAll(Enumerable.Range(0, 8).Select(async lane =>
        {
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 25; i++)
            {
                using var response = await _server.Client.GetAsync($"/files/2569067123_aca715a2ee_o.jpg?w={300 + (lane * 25) + i}");
                codes.Add(response.StatusCode);
            }

            return codes;
        }));
        foreach (var code in burst.SelectMany(c => c))
        {
            statuses[code] = statuses.GetValueOrDefault(code) + 1;
        }

        // Memory that stayed flat because nothing was decoded would prove nothing: every hostile file
        // was read and judged (an image or a clear 4xx, never a timeout or an overload), and every
        // rendition of the burst was rendered.
        Assert.True(refused.Count == 0, "hostile files not judged: " + string.Join(", ", refused));
        Assert.All(burst.SelectMany(c => c), code => Assert.Equal(HttpStatusCode.OK, code));

        var peak = _server.Memory().Peak;
        var after = await _server.SettledMemoryAsync();
        var workers = _server.Memory().Children;
        Console.WriteLine($"memory: baseline {baseline:0} MiB, peak {peak:0} MiB, after {after:0} MiB, decoder workers {workers:0} MiB; " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}")));

        using var health = await _server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(after <= baseline + AllowedGrowthMiB, $"resident memory {after:0} MiB after the barrage, baseline {baseline:0} MiB");
        Assert.True(workers > 0, "no DICOM decoder worker was measured (are /proc/<pid>/task/*/children readable?)");
        Assert.True(workers <= WorkersMiB, $"decoder workers hold {workers:0} MiB");
    }
    [Fact]
    public async Task Memory_the_decoders_freed_goes_back_to_the_system_once_renders_stop()
    {
        // Two at a time, distinct 720 px renditions of the 6-megapixel JPEG: libvips frees its buffers
        // to the allocator, which keeps them unless the server gives them back when it is idle.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async lane =>
        {
            for (var i = 0; i < 8; i++)
            {
                using var response = await _server.Client.GetAsync($"/files/2569067123_aca715a2ee_o.jpg?w={720 + (lane * 8) + i}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));
        var busy = _server.Memory().Resident;

        await Task.Delay(TimeSpan.FromSeconds(2)); // idle for four times the server's quiet period
        var idle = _server.Memory().Resident;

        Console.WriteLine($"memory: {busy:0} MiB right after the renders, {idle:0} MiB after 2 s idle");
        Assert.True(busy - idle >= ReleasedWhenIdleMiB, $"resident memory {busy:0} MiB right after the renders, {idle:0} MiB after 2 s idle");
    }
}
