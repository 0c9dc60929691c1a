using System.Diagnostics;
using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests;

/// <summary>
/// A seeded mutation fuzzer over fixtures of every supported type, through real HTTP: bit flips,
/// truncations, inserted, deleted and copied byte runs. The seed is fixed, so CI sees the same inputs
/// every run; HELIUM_FUZZ_ITERATIONS and HELIUM_FUZZ_SEED explore further by hand. Every answer must be
/// an image or a problem with a client status, and the server must still serve afterwards. Requests are
/// sequential, so 503 cannot be overload: it is a missing or stuck decoder. Each kind of source must
/// both render some mutations and refuse others, or its decoder was never reached.
/// </summary>
[Collection(RunAlone.Name)]
public sealed class FuzzTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Fixtures =
    [
        "raster/Landscape_1.jpg", "raster/16-bit-grey-alpha.png", "raster/animated-loop-3.gif", "raster/4.webp",
        "raster/pitm.avif", "raster/G31D.TIF", "pdf/minimal-document.pdf", "dicom/CT_small.dcm",
        "dicom/MR_small_RLE.dcm", "dicom/SC_rgb_jpeg_dcmtk.dcm", "dicom/MR_small_jpeg_ls_lossless.dcm", "dicom/JPEG2000.dcm",
    ];

    private readonly string _store = Directory.CreateTempSubdirectory("helium-fuzz-").FullName;
    private readonly List<(string Name, byte[] Bytes)> _seeds = [];
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_store, "fuzz"));
        _seeds.AddRange(Fixtures.Select(fixture => (fixture, Fixture.Bytes(fixture))));

        // Every DICOM transfer syntax the server decodes, and every raster format, not only those the
        // fixtures happen to have: dcmtk writes the DICOM ones from CT_small, ImageMagick the rest.
        foreach (var (name, tool, options) in new[]
        {
            ("dicom/deflated.dcm", "dcmconv", new[] { "+td" }), ("dicom/big-endian.dcm", "dcmconv", ["+tb"]),
            ("dicom/jpeg-lossless.dcm", "dcmcjpeg", ["+el"]), ("dicom/implicit.dcm", "dcmconv", ["+ti"]),
        })
        {
            _seeds.Add((name, await Dcmtk.ConvertAsync(tool, "dicom/CT_small.dcm", options)));
        }

        foreach (var format in new[] { ImageMagick.MagickFormat.Bmp3, ImageMagick.MagickFormat.Jp2, ImageMagick.MagickFormat.Jxl })
        {
            using var image = new ImageMagick.MagickImage(Fixture.Path("raster/Landscape_1.jpg"));
            image.Resize(200, 0);
            _seeds.Add(($"raster/made.{format.ToString().ToLowerInvariant()}", image.ToByteArray(format)));
        }

        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Root"] = _store,
            ["Cache:Root"] = Path.Combine(_store, ".cache"),
            // A mutated file may make its decoder spin: the decode budget stops it (422), well before
            // the client's deadline would (504).
            ["Limits:DecodeTimeout"] = "00:00:01.500",
            ["Limits:TransformTimeout"] = "00:00:10",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_store, recursive: true);
    }

    [Fact]
    public async Task Mutated_sources_never_break_the_server()
    {
        var iterations = int.Parse(Environment.GetEnvironmentVariable("HELIUM_FUZZ_ITERATIONS") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(Environment.GetEnvironmentVariable("HELIUM_FUZZ_SEED") ?? "20261125", System.Globalization.CultureInfo.InvariantCulture));
        var outcomes = new Dictionary<int, int>();
        var byKind = new Dictionary<string, HashSet<int>>();
        var refusals = _seeds.ToDictionary(seed => seed.Name, _ => new List<double>());
        var peakWorkerMiB = 0.0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < iterations && clock.Elapsed < TimeSpan.FromMinutes(4); i++)
        {
            var (seed, original) = _seeds[random.Next(_seeds.Count)];
            var mutated = Mutate(original, random);
            var name = $"{i}-{Path.GetFileName(seed)}";
            await File.WriteAllBytesAsync(Path.Combine(_store, "fuzz", name), mutated);

            var asked = Stopwatch.StartNew();
            using var response = await _server.Client.GetAsync($"/fuzz/{name}?w=64");
            var took = asked.Elapsed.TotalMilliseconds;
            var status = (int)response.StatusCode;
            outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
            var kind = seed[..seed.IndexOf('/', StringComparison.Ordinal)];
            (byKind.TryGetValue(kind, out var seen) ? seen : byKind[kind] = []).Add(status);
            if (status != 200)
            {
                refusals[seed].Add(took);
            }

            peakWorkerMiB = Math.Max(peakWorkerMiB, DicomWorkerPeakMiB());
            Assert.True(status is 200 or 400 or 413 or 415 or 422, $"{name} (seed {seed}): {status} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(status == 200 ? "image/" : "application/problem+json", status == 200 ? response.Content.Headers.ContentType!.MediaType![..6] : response.Content.Headers.ContentType?.MediaType);
        }

        using var health = await _server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        foreach (var kind in new[] { "raster", "pdf", "dicom" })
        {
            Assert.True(byKind[kind].Contains(200) && byKind[kind].Contains(422), $"{kind}: answers {string.Join(", ", byKind[kind].Order())}; a decoder that never renders or never refuses was not reached");
        }

        var all = refusals.Values.SelectMany(times => times).Order().ToList();
        var p99 = all.Count == 0 ? 0 : all[(int)Math.Min(all.Count - 1, Math.Ceiling(all.Count * 0.99) - 1)];
        output.WriteLine($"fuzz: {outcomes.Values.Sum()} inputs in {clock.Elapsed.TotalSeconds:0} s; " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        output.WriteLine($"refusals: {all.Count}, slowest {all.LastOrDefault():0} ms, 99th percentile {p99:0} ms; DICOM workers' peak resident memory {peakWorkerMiB:0} MiB");
        foreach (var (seed, times) in refusals.Where(r => r.Value.Count > 0).OrderByDescending(r => r.Value.Max()))
        {
            output.WriteLine($"  {seed,-40} {times.Count,4} refused, slowest {times.Max(),6:0} ms");
        }

        Assert.True(all.LastOrDefault() <= 2000, $"slowest refusal {all.LastOrDefault():0} ms");
        Assert.True(p99 <= 500, $"99th percentile of refusals {p99:0} ms");
        Assert.True(peakWorkerMiB <= 512, $"a DICOM worker reached {peakWorkerMiB:0} MiB");
    }

    /// <summary>The largest peak resident size (VmHWM) among this process's DICOM worker children.</summary>
    private static double DicomWorkerPeakMiB() =>
        ServerProcess.Descendants(Environment.ProcessId)
            .Where(child => child.CommandLine.Contains("dicom-worker", StringComparison.Ordinal))
            .Select(child => ServerProcess.Status(child.Pid).Peak)
            .DefaultIfEmpty(0)
            .Max();

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 16; e++)
        {
            // Leave the first bytes alone half the time, so the sniffer still hands the file to its decoder.
            var start = random.Next(2) == 0 ? Math.Min(bytes.Count - 1, 140) : 0;
            var at = random.Next(start, bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256)));
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at));
                    break;
                default:
                    var from = random.Next(bytes.Count);
                    var length = Math.Min(random.Next(1, 256), bytes.Count - from);
                    bytes.InsertRange(at, bytes.GetRange(from, length));
                    break;
            }
        }

        return [.. bytes];
    }
}
