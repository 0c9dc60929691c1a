using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// Objects of the sizes hospitals keep, made here and put in radosgw: a 1 GiB native multi-frame
/// image (2048 frames of 512 × 512, 16 bits) and a JPEG baseline one of about 270 MB (300 frames of
/// 1024 × 1024), with a Basic Offset Table and without. A frame in the middle renders reading at most
/// 2 MiB besides that frame (by helium_store_bytes_read_total), and is the same rendition as a server
/// reading a small object whole makes of that frame; <c>?info=true</c> reads at most 2 MiB; the
/// server's and its DICOM workers' resident memory stay within 32 MiB of what they were after the
/// same requests on the small objects. Runs alone: it measures memory, and puts 1.5 GB through radosgw.
/// </summary>
[Collection(RunAlone.Name)]
public sealed class LargeDicomObjectTests : IAsyncLifetime
{
    private const int Side = 512;
    private const int NativeFrames = 2048;
    private const int NativeFrameBytes = Side * Side * 2;

    /// <summary>Its samples are frame 1's: <see cref="DicomWriter.MultiFrameGrey(int, int, int, double?, double[], int?, int, int)"/>
    /// shifts each frame 13 columns, so the picture repeats every 512 frames.</summary>
    private const int NativeMiddle = 1025;

    private const string JpegBaseline = "1.2.840.10008.1.2.4.50";
    private const int JpegSide = 1024;
    private const int JpegFrames = 300;
    private const int JpegMiddle = 150;

    private const long Allowance = 2 * 1024 * 1024;
    private const double MemoryAllowanceMiB = 32;

    /// <summary>Ten pictures of noise for the frames around the middle one, and the middle one's own.</summary>
    private static readonly byte[][] Noise = [.. Enumerable.Range(0, 10).Select(seed => JpegFrame(seed))];
    private static readonly byte[] Middle = JpegFrame(99);

    private readonly AmazonS3Client _s3 = Radosgw.CreateClient();
    private readonly string _folder = Directory.CreateTempSubdirectory("helium-large-dicom-").FullName;
    private string _bucket = "";
    private ServerProcess _server = null!;
    private TestServer _wholeReader = null!;

    public async Task InitializeAsync()
    {
        string cache;
        (_bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(_s3, "large-dicom");
        var settings = Radosgw.ServerSettings(_bucket);
        settings["Cache:Bucket"] = cache;

        // The small objects are read by range too, so that every path the large ones take has run
        // before the baseline is measured.
        settings["Limits:RangedReadAbove"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _server = await ServerProcess.StartAsync(settings);

        // What the frames must look like, from a server that reads the small objects whole.
        settings["Limits:RangedReadAbove"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Cache:Bucket"] = Radosgw.SharedCacheBucket;
        _wholeReader = await TestServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _wholeReader.DisposeAsync();
        await _server.DisposeAsync();
        _s3.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_frame_in_the_middle_of_a_gigabyte_object_reads_that_frame_and_little_more()
    {
        // Small objects of the same kinds: frame 1 of the native one is the large one's middle frame,
        // frame 2 of the JPEG one is the large ones' middle frame.
        await PutAsync("small-native.dcm", stream => DicomWriter.MultiFrameGrey(stream, Side, Side, 8));
        await PutAsync("small-jpeg.dcm", stream => DicomWriter.EncapsulatedGrey(stream, JpegBaseline, JpegSide, JpegSide, 8, [Noise[0], Middle, Noise[1]]));
        var expectedNative = await RenderAsync(_wholeReader.Client, "small-native.dcm?frame=1&w=190");
        var expectedJpeg = await RenderAsync(_wholeReader.Client, "small-jpeg.dcm?frame=2&w=190");
        foreach (var warm in new[] { "small-native.dcm?frame=1&w=190", "small-native.dcm?info=true", "small-jpeg.dcm?frame=2&w=190", "small-jpeg.dcm?info=true" })
        {
            await RenderAsync(_server.Client, warm);
        }

        var baseline = await _server.SettledMemoryAsync();
        var workers = _server.Memory().Children; // none, unless something sent a frame to GDCM

        await PutAsync("native.dcm", stream => DicomWriter.MultiFrameGrey(stream, Side, Side, NativeFrames));
        await ReadsOnlyTheFrameAsync("native.dcm", NativeMiddle, NativeFrameBytes, NativeFrames, Side, expectedNative);
        await DeleteAsync("native.dcm");

        var frames = Enumerable.Range(1, JpegFrames).Select(frame => frame == JpegMiddle ? Middle : Noise[frame % Noise.Length]).ToList();
        foreach (var table in new[] { true, false })
        {
            var name = table ? "jpeg-table.dcm" : "jpeg-no-table.dcm";
            await PutAsync(name, stream => DicomWriter.EncapsulatedGrey(stream, JpegBaseline, JpegSide, JpegSide, 8, frames, offsetTable: table));
            await ReadsOnlyTheFrameAsync(name, JpegMiddle, Middle.Length, JpegFrames, JpegSide, expectedJpeg);
            await DeleteAsync(name);
        }

        var after = await _server.SettledMemoryAsync();
        var workersAfter = _server.Memory().Children;
        Console.WriteLine($"large DICOM: server {baseline:0} MiB before, {after:0} MiB after; workers {workers:0} MiB before, {workersAfter:0} MiB after");
        Assert.True(after <= baseline + MemoryAllowanceMiB, $"the server holds {after:0} MiB after the large objects, {baseline:0} MiB before");
        Assert.True(workersAfter <= workers + MemoryAllowanceMiB, $"the DICOM workers hold {workersAfter:0} MiB after the large objects, {workers:0} MiB before");
    }

    private async Task ReadsOnlyTheFrameAsync(string name, int frame, long frameBytes, int frames, int width, byte[] expected)
    {
        var before = await PrometheusSamples.SourceBytesReadAsync(_server.Client);
        var clock = Stopwatch.StartNew();
        var rendition = await RenderAsync(_server.Client, $"{name}?frame={frame}&w=190");
        var renderMs = clock.Elapsed.TotalMilliseconds;
        var read = await PrometheusSamples.SourceBytesReadAsync(_server.Client) - before;
        Assert.True(read >= frameBytes, $"{name}: {read} bytes read, fewer than the frame's {frameBytes}");
        Assert.True(read <= frameBytes + Allowance, $"{name}: {read} bytes read for a frame of {frameBytes}");
        Assert.Equal(expected, rendition);

        before = await PrometheusSamples.SourceBytesReadAsync(_server.Client);
        clock.Restart();
        using (var description = JsonDocument.Parse(await RenderAsync(_server.Client, $"{name}?info=true")))
        {
            Assert.Equal(frames, description.RootElement.GetProperty("frames").GetInt32());
            Assert.Equal(width, description.RootElement.GetProperty("width").GetInt32());
        }

        var infoMs = clock.Elapsed.TotalMilliseconds;
        var infoRead = await PrometheusSamples.SourceBytesReadAsync(_server.Client) - before;
        Assert.True(infoRead <= Allowance, $"{name}: info read {infoRead} bytes");
        Console.WriteLine($"large DICOM {name}: frame {frame} in {renderMs:0.0} ms reading {read / 1024:0} KiB; info in {infoMs:0.0} ms reading {infoRead / 1024:0} KiB");
    }

    private async Task<byte[]> RenderAsync(HttpClient client, string pathAndQuery)
    {
        using var response = await client.GetAsync($"/{_bucket}/{pathAndQuery}");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathAndQuery}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return body;
    }

    /// <summary>Written to a file a frame at a time and put from there: no array holds the object.</summary>
    private async Task PutAsync(string key, Action<Stream> write)
    {
        var path = Path.Combine(_folder, key);
        await using (var file = File.Create(path))
        {
            write(file);
        }

        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, FilePath = path });
        File.Delete(path);
    }

    private async Task DeleteAsync(string key) => await _s3.DeleteObjectAsync(_bucket, key);

    /// <summary>A grey JPEG of noise over a gradient, about 0.9 MB: hard to compress, so 300 of them make
    /// an object of hundreds of megabytes.</summary>
    private static byte[] JpegFrame(int seed)
    {
        var random = new Random(seed);
        var samples = new byte[JpegSide * JpegSide];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (byte)(((i % JpegSide) / 8) + random.Next(128));
        }

        return GreyJpeg.Encode(samples, JpegSide, JpegSide);
    }
}
