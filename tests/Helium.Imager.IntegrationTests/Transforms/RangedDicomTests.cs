using System.Net;
using System.Text.Json;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// A frame of a large native multi-frame DICOM object is read by range: its head (here longer than
/// the first read, so it grows), then that frame's bytes only; <c>?info=true</c> reads the head
/// alone, and a clip (<c>frame=all</c>) the frames it shows. Limits:MaxSourceBytes bounds what a
/// request reads, not the object: a 63 MB object renders under an 8 MiB limit, and a clip whose
/// frames would read more is refused. Renditions are byte for byte the ones a server reading the
/// whole object makes. A colour frame (8 or 16 bits a sample) is read by range too, and decoded as an
/// object of that one frame; so are the frames a colour clip shows.
/// </summary>
public sealed class RangedDicomTests
{
    private const int Side = 512;
    private const int Frames = 120;
    private const int PrivateBytes = 300_000;
    private const long FrameBytes = Side * Side * 2;
    private static readonly byte[] Object = DicomWriter.MultiFrameGrey(Side, Side, Frames, privateBytes: PrivateBytes);

    [Fact]
    public async Task A_frame_is_read_by_range_from_radosgw()
    {
        using var s3 = Radosgw.CreateClient();
        var (bucket, ranged) = await Radosgw.CreateSourceAndCacheAsync(s3, "ranged");
        var whole = Radosgw.UniqueBucket("ranged-whole");
        await Radosgw.CreateBucketAsync(s3, whole);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "series/big.dcm", InputStream = new MemoryStream(Object) });

        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = ranged;
        settings["Limits:MaxAnimationFrames"] = "10";
        settings["Limits:MaxSourceBytes"] = (8 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var byRange = await TestServer.StartAsync(settings);
        settings["Cache:Bucket"] = whole;
        settings["Limits:MaxSourceBytes"] = (200 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Limits:RangedReadAbove"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var byWhole = await TestServer.StartAsync(settings);

        await ReadsOnlyTheFrameAsync(byRange.Client, byWhole.Client, $"/{bucket}/series/big.dcm");

        // Ten frames are 5 MiB: beyond a 2 MiB limit, the clip is refused; one frame still fits.
        settings["Cache:Bucket"] = ranged;
        settings["Limits:MaxSourceBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Limits:RangedReadAbove"] = (16 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var tight = await TestServer.StartAsync(settings);
        await ProblemAssert.IsProblemAsync(await tight.Client.GetAsync($"/{bucket}/series/big.dcm?frame=all&w=32"), HttpStatusCode.RequestEntityTooLarge, "source-too-large");
        using var one = await tight.Client.GetAsync($"/{bucket}/series/big.dcm?frame=7&w=32");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
    }

    [Fact]
    public async Task A_frame_is_read_by_range_from_a_folder()
    {
        var store = new FolderStore("ranged");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(store.Bucket("scans"), "big.dcm"), Object);
            var settings = store.Settings;
            settings["Limits:MaxAnimationFrames"] = "10";
            settings["Limits:MaxSourceBytes"] = (8 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var byRange = await TestServer.StartAsync(settings);
            settings["Cache:Root"] = Path.Combine(store.Root, ".cache-whole");
            settings["Limits:MaxSourceBytes"] = (200 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Limits:RangedReadAbove"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var byWhole = await TestServer.StartAsync(settings);

            await ReadsOnlyTheFrameAsync(byRange.Client, byWhole.Client, "/scans/big.dcm");
        }
        finally
        {
            store.Delete();
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public async Task A_colour_frame_is_read_by_range_and_decoded_as_an_object_of_its_own(int bits)
    {
        const int side = 256;
        const int frames = 40;
        var frameBytes = side * side * 3 * (bits / 8);
        var store = new FolderStore("ranged-rgb");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(store.Bucket("scans"), "rgb.dcm"), DicomWriter.Rgb(side, side, frames, bits));
            var settings = store.Settings;
            settings["Limits:RangedReadAbove"] = "0";
            settings["Limits:MaxSourceBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Limits:MaxAnimationFrames"] = "4";
            await using var byRange = await TestServer.StartAsync(settings);
            settings["Cache:Root"] = Path.Combine(store.Root, ".cache-whole");
            settings["Limits:RangedReadAbove"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Limits:MaxSourceBytes"] = (100 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var byWhole = await TestServer.StartAsync(settings);

            foreach (var (query, shown) in new[] { ("frame=1&w=100", 1), ("frame=23&w=190&format=png", 1), ($"frame={frames}", 1), ("frame=all&w=64&format=gif", 4) })
            {
                var before = await PrometheusSamples.SourceBytesReadAsync(byRange.Client);
                using var ranged = await byRange.Client.GetAsync($"/scans/rgb.dcm?{query}");
                Assert.True(ranged.StatusCode == HttpStatusCode.OK, $"{query}: {(int)ranged.StatusCode} {await ranged.Content.ReadAsStringAsync()}");
                var read = await PrometheusSamples.SourceBytesReadAsync(byRange.Client) - before;
                Assert.True(read <= (128 * 1024 * shown) + (frameBytes * shown), $"{query}: {read} bytes read for {shown} frame(s) of {frameBytes}");
                using var whole = await byWhole.Client.GetAsync($"/scans/rgb.dcm?{query}");
                Assert.Equal(await whole.Content.ReadAsByteArrayAsync(), await ranged.Content.ReadAsByteArrayAsync());
            }

            using var info = await byRange.Client.GetAsync("/scans/rgb.dcm?info=true");
            using var wholeInfo = await byWhole.Client.GetAsync("/scans/rgb.dcm?info=true");
            Assert.Equal(await wholeInfo.Content.ReadAsStringAsync(), await info.Content.ReadAsStringAsync());
            await ProblemAssert.IsProblemAsync(await byRange.Client.GetAsync($"/scans/rgb.dcm?frame={frames + 1}&w=64"), HttpStatusCode.BadRequest, "invalid-query");
        }
        finally
        {
            store.Delete();
        }
    }

    private static async Task ReadsOnlyTheFrameAsync(HttpClient byRange, HttpClient byWhole, string path)
    {
        var url = $"{path}?frame=60&w=190";
        using var ranged = await byRange.GetAsync(url);
        Assert.True(ranged.StatusCode == HttpStatusCode.OK, $"{(int)ranged.StatusCode} {await ranged.Content.ReadAsStringAsync()}");
        var read = await PrometheusSamples.SourceBytesReadAsync(byRange);
        Assert.True(read <= PrivateBytes * 2 + FrameBytes, $"{read} bytes read for one frame of {FrameBytes}");
        Assert.True(read >= FrameBytes);

        using var wholeRead = await byWhole.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, wholeRead.StatusCode);
        Assert.Equal(Object.Length, await PrometheusSamples.SourceBytesReadAsync(byWhole));
        Assert.Equal(await wholeRead.Content.ReadAsByteArrayAsync(), await ranged.Content.ReadAsByteArrayAsync());

        using var info = await byRange.GetAsync($"{path}?info=true");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        using (var description = JsonDocument.Parse(await info.Content.ReadAsStringAsync()))
        {
            Assert.Equal(Frames, description.RootElement.GetProperty("frames").GetInt32());
            Assert.Equal(Side, description.RootElement.GetProperty("width").GetInt32());
        }

        Assert.True(await PrometheusSamples.SourceBytesReadAsync(byRange) - read <= PrivateBytes * 2, "info read more than the head");

        var before = await PrometheusSamples.SourceBytesReadAsync(byRange);
        using var clip = await byRange.GetAsync($"{path}?frame=all&w=64");
        Assert.True(clip.StatusCode == HttpStatusCode.OK, $"{(int)clip.StatusCode} {await clip.Content.ReadAsStringAsync()}");
        Assert.True(await PrometheusSamples.SourceBytesReadAsync(byRange) - before <= (PrivateBytes * 2) + (10 * FrameBytes), "the clip read more than its ten frames");
        using var wholeClip = await byWhole.GetAsync($"{path}?frame=all&w=64");
        Assert.Equal(await wholeClip.Content.ReadAsByteArrayAsync(), await clip.Content.ReadAsByteArrayAsync());

        await ProblemAssert.IsProblemAsync(await byRange.GetAsync($"{path}?frame={Frames + 1}&w=64"), HttpStatusCode.BadRequest, "invalid-query");
    }
}
