using System.IO.Compression;
using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;
using ImageMagick;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>Kinds of DICOM file met in hospitals that GDCM refuses or decodes wrongly and dcmtk reads:
/// made here (dcmtk writes them from native images this test builds) and compared with dcmtk's
/// rendering of the native original.</summary>
public sealed class DicomViaDcmtkTests(TransformStore store) : IClassFixture<TransformStore>, IDisposable
{
    private readonly List<string> _files = [];

    private HttpClient Client => store.Server.Client;

    public void Dispose() => _files.ForEach(File.Delete);

    [Fact]
    public async Task Deflated_data_written_with_a_zlib_header_renders_like_dcmtk_renders_the_original()
    {
        // Deflated Explicit VR Little Endian is a bare deflate stream (RFC 1951); some writers wrap it
        // in a zlib header and checksum (RFC 1950). GDCM refuses those; dcmtk reads them (+bz).
        var native = await TemporaryFileAsync(DicomWriter.Rgb(1000, 1000, 1, 8));
        var deflated = await Dcmtk.ConvertAsync("dcmconv", native, "+td");
        var wrapped = WithZlibHeader(deflated);

        using var ours = await RenderAsync(wrapped, "deflated-zlib.dcm", "format=png");

        await AssertLooksLikeDcmtkAsync(ours, native);
    }

    [Fact]
    public async Task Damaged_deflated_files_are_refused_in_well_under_two_seconds()
    {
        // Issue 17: mutations of a deflated RGB file each held a worker 15-30 s and 695 MB before a 422,
        // because GDCM inflated and parsed the damage unguarded. Now our inflater and walker see it first.
        var native = await TemporaryFileAsync(DicomWriter.Rgb(1000, 1000, 1, 8));
        var deflated = await Dcmtk.ConvertAsync("dcmconv", native, "+td");
        var start = 144 + BitConverter.ToInt32(deflated, 140);
        var random = new Random(17);
        var slowest = TimeSpan.Zero;
        var statuses = new List<int>();
        for (var i = 0; i < 24; i++)
        {
            var mutant = deflated.ToArray();
            if (i % 3 == 2)
            {
                mutant = mutant[..random.Next(start + 1, mutant.Length)]; // truncated inside the stream
            }
            else
            {
                for (var flips = 0; flips < 1 + (i % 4); flips++)
                {
                    mutant[random.Next(start, mutant.Length)] ^= (byte)(1 << random.Next(8));
                }
            }

            var key = await PutAsync(mutant, $"mutant-{i}.dcm");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await Client.GetAsync(store.Url(key, "w=190"));
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            statuses.Add((int)response.StatusCode);
        }

        Assert.All(statuses, status => Assert.True(status is 200 or 413 or 422, $"{status}"));
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"slowest refusal {slowest.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_deflated_data_set_that_inflates_beyond_max_source_bytes_is_413_at_once()
    {
        // A real deflated file's meta group, then 64 MiB of zeros deflated to about 64 KB in its place.
        var small = await Dcmtk.ConvertAsync("dcmconv", await TemporaryFileAsync(DicomWriter.Rgb(64, 64, 1, 8)), "+td");
        using var packed = new MemoryStream();
        packed.Write(small, 0, 144 + BitConverter.ToInt32(small, 140));
        using (var deflater = new DeflateStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                deflater.Write(zeros);
            }
        }

        var deflated = packed.ToArray();
        await using var server = await store.StartServerAsync(("Limits:MaxSourceBytes", "16777216"));
        var key = await PutAsync(deflated, "bomb.dcm");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await server.Client.GetAsync(store.Url(key, "w=190"));

        Assert.True(deflated.Length < 16 << 20, $"the deflated file is {deflated.Length} bytes");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "source-too-large");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Rle_colour_of_16_bits_a_sample_renders_like_dcmtk_renders_the_original()
    {
        // GDCM decodes this without complaint but mixes the channels' byte segments.
        var native = await TemporaryFileAsync(DicomWriter.Rgb(120, 90, 1, 16));
        var rle = await Dcmtk.ConvertAsync("dcmcrle", native);

        using var ours = await RenderAsync(rle, "rgb16-rle.dcm", "format=png");

        await AssertLooksLikeDcmtkAsync(ours, native);
    }

    [Fact]
    public async Task A_multi_frame_jpeg_baseline_ybr_full_422_of_140_frames_renders_the_frame_asked_for()
    {
        // Whole-slide microscopy keeps its tiles as frames like this.
        var native = await TemporaryFileAsync(DicomWriter.Rgb(64, 48, 140, 8));
        var jpeg = await TemporaryFileAsync(await Dcmtk.ConvertAsync("dcmcjpeg", native, "+eb", "+s2"));
        var key = await PutAsync(await File.ReadAllBytesAsync(jpeg), "tiles-jpeg.dcm");

        foreach (var frame in new[] { 1, 70, 140 })
        {
            using var ours = await ImageOfAsync(key, $"frame={frame}&format=png");
            using var reference = new MagickImage(await Dcmtk.RenderAsync("dcmj2pnm", jpeg, "+F", frame.ToString(System.Globalization.CultureInfo.InvariantCulture)));

            var difference = Difference(ours, reference);
            Assert.True(difference < 0.03, $"frame {frame}: RMSE {difference:0.0000} against dcmj2pnm");
        }
    }

    private static async Task AssertLooksLikeDcmtkAsync(MagickImage ours, string native)
    {
        using var reference = new MagickImage(await Dcmtk.RenderAsync("dcm2pnm", native));
        var difference = Difference(ours, reference);
        Assert.True(difference < 0.03, $"RMSE {difference:0.0000} against dcm2pnm's rendering of the native original");
    }

    private static double Difference(MagickImage ours, MagickImage reference)
    {
        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        ours.ColorSpace = ColorSpace.sRGB;
        reference.ColorSpace = ColorSpace.sRGB;
        return ours.Compare(reference, ErrorMetric.RootMeanSquared);
    }

    private async Task<MagickImage> RenderAsync(byte[] file, string name, string query) => await ImageOfAsync(await PutAsync(file, name), query);

    private async Task<string> PutAsync(byte[] file, string name)
    {
        var key = $"{Guid.NewGuid():N}-{name}";
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, InputStream = new MemoryStream(file) });
        return key;
    }

    private async Task<MagickImage> ImageOfAsync(string key, string query)
    {
        using var response = await Client.GetAsync(store.Url(key, query));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{key}?{query}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return new MagickImage(body);
    }

    /// <summary>The same file with its deflated data set recompressed as a zlib stream.</summary>
    private static byte[] WithZlibHeader(byte[] deflated)
    {
        // Preamble and "DICM" (132), then (0002,0000) UL: tag, VR, length (8 bytes) and the group's length.
        var metaEnd = 144 + BitConverter.ToInt32(deflated, 140);
        using var inflated = new MemoryStream();
        using (var inflate = new DeflateStream(new MemoryStream(deflated, metaEnd, deflated.Length - metaEnd), CompressionMode.Decompress))
        {
            inflate.CopyTo(inflated);
        }

        using var output = new MemoryStream();
        output.Write(deflated, 0, metaEnd);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            inflated.WriteTo(zlib);
        }

        return output.ToArray();
    }

    private async Task<string> TemporaryFileAsync(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"helium-dicom-test-{Guid.NewGuid():N}.dcm");
        _files.Add(path);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }
}
