using System.Net;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// A frame of encapsulated (JPEG 2000) multi-frame DICOM read by range, with a Basic Offset Table, with
/// an Extended one, and without one (then by the fragments' item headers, never mistaking a frame's
/// second fragment for the next frame): under a limit too small for the whole object,
/// the frame renders byte for byte as a server reading the whole object renders it, reading the head
/// and little more than that frame's codestream; <c>?info=true</c> says the same as the whole object.
/// </summary>
public sealed class RangedEncapsulatedDicomTests
{
    private const string Jpeg2000 = "1.2.840.10008.1.2.4.91";
    private const int Width = 256;
    private const int Height = 192;
    private const int Frames = 24;
    private static readonly List<byte[]> Codestreams = Enumerable.Range(0, Frames).Select(f => OpenJpeg.Encode(Samples(f), Width, Height, 4095)).ToList();

    public static TheoryData<bool> OffsetTable() => new() { true, false };

    [Theory]
    [MemberData(nameof(OffsetTable))]
    public async Task A_frame_is_read_by_range_from_radosgw(bool offsetTable)
    {
        var dicom = DicomWriter.EncapsulatedGrey(Jpeg2000, Width, Height, 12, Codestreams, offsetTable);
        using var s3 = Radosgw.CreateClient();
        var (bucket, ranged) = await Radosgw.CreateSourceAndCacheAsync(s3, "ranged-j2k");
        var whole = Radosgw.UniqueBucket("ranged-j2k-whole");
        await Radosgw.CreateBucketAsync(s3, whole);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "cine.dcm", InputStream = new MemoryStream(dicom) });

        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = ranged;
        await using var byRange = await TestServer.StartAsync(ByRange(settings, dicom));
        settings["Cache:Bucket"] = whole;
        await using var byWhole = await TestServer.StartAsync(settings);

        await ReadsOnlyTheFrameAsync(byRange.Client, byWhole.Client, $"/{bucket}/cine.dcm");
    }

    [Theory]
    [MemberData(nameof(OffsetTable))]
    public async Task A_frame_is_read_by_range_from_a_folder(bool offsetTable)
    {
        var store = new FolderStore("ranged-j2k");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(store.Bucket("scans"), "cine.dcm"), DicomWriter.EncapsulatedGrey(Jpeg2000, Width, Height, 12, Codestreams, offsetTable));
            var settings = store.Settings;
            await using var byRange = await TestServer.StartAsync(ByRange(settings, await File.ReadAllBytesAsync(Path.Combine(store.Root, "scans", "cine.dcm"))));
            settings["Cache:Root"] = Path.Combine(store.Root, ".cache-whole");
            await using var byWhole = await TestServer.StartAsync(settings);

            await ReadsOnlyTheFrameAsync(byRange.Client, byWhole.Client, "/scans/cine.dcm");

            // Sources a kind cannot read by range are read whole after their first bytes: a PNG, and
            // a colour native DICOM image.
            store.Add("scans", "raster/Flag_of_the_Netherlands-alpha.png", "flag.png");
            store.Add("scans", "dicom/SC_rgb_small_odd.dcm", "rgb.dcm");
            foreach (var url in new[] { "/scans/flag.png?w=40", "/scans/rgb.dcm?w=40" })
            {
                using var declined = await byRange.Client.GetAsync(url);
                using var whole = await byWhole.Client.GetAsync(url);
                Assert.True(declined.StatusCode == HttpStatusCode.OK, $"{url}: {(int)declined.StatusCode} {await declined.Content.ReadAsStringAsync()}");
                Assert.Equal(await whole.Content.ReadAsByteArrayAsync(), await declined.Content.ReadAsByteArrayAsync());
            }
        }
        finally
        {
            store.Delete();
        }
    }

    [Fact]
    public async Task A_frame_split_over_fragments_is_found_by_the_extended_offset_table()
    {
        // GDCM cannot tell such frames apart in the whole object (it does not read the Extended table):
        // the reference is the same frames one fragment each, read whole.
        var (store, reference) = (new FolderStore("ranged-eot"), new FolderStore("ranged-eot-reference"));
        try
        {
            var dicom = DicomWriter.EncapsulatedGrey(Jpeg2000, Width, Height, 12, Codestreams, extendedOffsetTable: true, fragmentsPerFrame: 2);
            await File.WriteAllBytesAsync(Path.Combine(store.Bucket("scans"), "cine.dcm"), dicom);
            await File.WriteAllBytesAsync(Path.Combine(reference.Bucket("scans"), "cine.dcm"), DicomWriter.EncapsulatedGrey(Jpeg2000, Width, Height, 12, Codestreams));

            // Too little allowed to read it whole: only the table can find frames of two fragments.
            await using var byRange = await TestServer.StartAsync(ByRange(store.Settings, dicom));
            await using var byWhole = await TestServer.StartAsync(reference.Settings);

            await ReadsOnlyTheFrameAsync(byRange.Client, byWhole.Client, "/scans/cine.dcm");
        }
        finally
        {
            store.Delete();
            reference.Delete();
        }
    }

    [Fact]
    public async Task Without_a_table_a_frame_split_over_fragments_is_never_taken_for_several()
    {
        var store = new FolderStore("ranged-split");
        try
        {
            // JPEG baseline frames, which GDCM tells apart in the whole object by their markers.
            var jpegs = Enumerable.Range(0, Frames).Select(frame => GreyJpeg.Encode([.. Samples(frame).Select(sample => (byte)(sample >> 4))], Width, Height)).ToList();
            await File.WriteAllBytesAsync(Path.Combine(store.Bucket("scans"), "cine.dcm"), DicomWriter.EncapsulatedGrey("1.2.840.10008.1.2.4.50", Width, Height, 8, jpegs, fragmentsPerFrame: 2));
            var settings = store.Settings;
            settings["Limits:RangedReadAbove"] = "0";
            await using var byRange = await TestServer.StartAsync(settings);
            settings["Cache:Root"] = Path.Combine(store.Root, ".cache-whole");
            settings["Limits:RangedReadAbove"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var byWhole = await TestServer.StartAsync(settings);

            // Item 13 begins frame 7: the walk must see that item 14 continues it, and read the object whole
            // (where GDCM decodes each frame from its two fragments).
            foreach (var frame in new[] { 1, 13, Frames })
            {
                using var ranged = await byRange.Client.GetAsync($"/scans/cine.dcm?frame={frame}&w=128");
                using var whole = await byWhole.Client.GetAsync($"/scans/cine.dcm?frame={frame}&w=128");
                Assert.True(whole.StatusCode == HttpStatusCode.OK, $"frame {frame}: {(int)whole.StatusCode} {await whole.Content.ReadAsStringAsync()}");
                Assert.True(ranged.StatusCode == HttpStatusCode.OK, $"frame {frame}: {(int)ranged.StatusCode} {await ranged.Content.ReadAsStringAsync()}");
                Assert.Equal(await whole.Content.ReadAsByteArrayAsync(), await ranged.Content.ReadAsByteArrayAsync());
            }
        }
        finally
        {
            store.Delete();
        }
    }

    [Fact]
    public async Task An_rle_frame_without_a_table_is_found_by_its_item_headers()
    {
        var store = new FolderStore("ranged-rle");
        try
        {
            var native = Path.Combine(store.Root, "native.dcm");
            await File.WriteAllBytesAsync(native, DicomWriter.MultiFrameGrey(128, 96, 20));
            var rle = await Dcmtk.ConvertAsync("dcmcrle", native, "-ot"); // RLE, Basic Offset Table left empty
            await File.WriteAllBytesAsync(Path.Combine(store.Bucket("scans"), "rle.dcm"), rle);
            var settings = store.Settings;
            await using var byRange = await TestServer.StartAsync(ByRange(settings, rle));
            settings["Cache:Root"] = Path.Combine(store.Root, ".cache-whole");
            await using var byWhole = await TestServer.StartAsync(settings);

            foreach (var frame in new[] { 1, 13, 20 })
            {
                using var ranged = await byRange.Client.GetAsync($"/scans/rle.dcm?frame={frame}&w=64");
                Assert.True(ranged.StatusCode == HttpStatusCode.OK, $"frame {frame}: {(int)ranged.StatusCode} {await ranged.Content.ReadAsStringAsync()}");
                using var whole = await byWhole.Client.GetAsync($"/scans/rle.dcm?frame={frame}&w=64");
                Assert.Equal(await whole.Content.ReadAsByteArrayAsync(), await ranged.Content.ReadAsByteArrayAsync());
            }
        }
        finally
        {
            store.Delete();
        }
    }

    [Fact]
    public async Task The_offset_table_is_read_once_a_version()
    {
        // A viewer scrolling through a series asks for frame after frame: after the first, the Basic
        // Offset Table's item header and value are not read again (two store requests fewer a frame).
        var dicom = DicomWriter.EncapsulatedGrey(Jpeg2000, Width, Height, 12, Codestreams, offsetTable: true);
        using var s3 = Radosgw.CreateClient();
        var (bucket, ranged) = await Radosgw.CreateSourceAndCacheAsync(s3, "ranged-table");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "cine.dcm", InputStream = new MemoryStream(dicom) });
        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = ranged;
        await using var byRange = await TestServer.StartAsync(ByRange(settings, dicom));
        settings["Cache:Bucket"] = Radosgw.SharedCacheBucket;
        await using var byWhole = await TestServer.StartAsync(settings);

        var requests = new List<double>();
        foreach (var frame in new[] { 5, 6, 7 })
        {
            requests.Add(await StoreRequestsForAsync(byRange.Client, byWhole.Client, $"/{bucket}/cine.dcm?frame={frame}&w=128"));
        }

        Assert.True(requests[1] <= requests[0] - 2 && requests[2] <= requests[0] - 2, $"store requests for frames 5, 6, 7: {string.Join(", ", requests)}");
    }

    [Fact]
    public async Task Once_walked_an_object_without_a_table_costs_what_one_with_a_table_does()
    {
        // Frame 6 walks the item headers of an object without a table up to frame 7's start; a later
        // frame 3 then needs only its bytes, as with a table: the same store requests for both.
        using var s3 = Radosgw.CreateClient();
        var (bucket, ranged) = await Radosgw.CreateSourceAndCacheAsync(s3, "ranged-walked");
        foreach (var table in new[] { true, false })
        {
            var dicom = DicomWriter.EncapsulatedGrey(Jpeg2000, Width, Height, 12, Codestreams, table);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"cine-{table}.dcm", InputStream = new MemoryStream(dicom) });
        }

        var (rangedSettings, wholeSettings) = RangedAndWhole(bucket, ranged);
        await using var byRange = await TestServer.StartAsync(rangedSettings);
        await using var byWhole = await TestServer.StartAsync(wholeSettings);

        var requests = new Dictionary<bool, double>();
        foreach (var table in new[] { true, false })
        {
            foreach (var frame in new[] { 6, 3 })
            {
                requests[table] = await StoreRequestsForAsync(byRange.Client, byWhole.Client, $"/{bucket}/cine-{table}.dcm?frame={frame}&w=128");
            }
        }

        Assert.True(requests[false] == requests[true], $"store requests for frame 3: {requests[true]} with a table, {requests[false]} without");
    }

    [Fact]
    public async Task Small_frames_without_a_table_are_walked_many_headers_a_read()
    {
        // 200 frames of about 4 KB (an ultrasound clip's frames are tens of kilobytes): one read of a
        // header each would be 100 requests for frame 100; reading the object whole, all its bytes.
        const int frames = 200;
        var random = new Random(7);
        var jpegs = Enumerable.Range(0, frames).Select(_ => GreyJpeg.Encode([.. Enumerable.Range(0, 64 * 64).Select(_ => (byte)random.Next(256))], 64, 64)).ToList();
        var dicom = DicomWriter.EncapsulatedGrey("1.2.840.10008.1.2.4.50", 64, 64, 8, jpegs);
        using var s3 = Radosgw.CreateClient();
        var (bucket, ranged) = await Radosgw.CreateSourceAndCacheAsync(s3, "ranged-walk");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "clip.dcm", InputStream = new MemoryStream(dicom) });
        var (rangedSettings, wholeSettings) = RangedAndWhole(bucket, ranged);
        await using var byRange = await TestServer.StartAsync(rangedSettings);
        await using var byWhole = await TestServer.StartAsync(wholeSettings);

        // Store requests (HEAD, reads, the cache lookup and write) as the S3 store counts them.
        var metrics = await PrometheusSamples.ScrapeAsync(byRange.Client);
        using var rendition = await byRange.Client.GetAsync($"/{bucket}/clip.dcm?frame=100&w=32");
        Assert.True(rendition.StatusCode == HttpStatusCode.OK, $"{(int)rendition.StatusCode} {await rendition.Content.ReadAsStringAsync()}");
        await ServerClient.CacheWritesSettledAsync(byRange.Client);
        var after = await PrometheusSamples.ScrapeAsync(byRange.Client);
        var requests = after.Total("helium_store_requests_total") - metrics.Total("helium_store_requests_total");
        var read = after.SourceBytesRead - metrics.SourceBytesRead;
        Assert.True(requests <= 16, $"{requests} store requests for frame 100");
        Assert.True(read < dicom.Length, $"{read} bytes read of {dicom.Length}: read whole");

        using var whole = await byWhole.Client.GetAsync($"/{bucket}/clip.dcm?frame=100&w=32");
        Assert.Equal(await whole.Content.ReadAsByteArrayAsync(), await rendition.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(Jpeg2000)]
    [InlineData("1.2.840.10008.1.2.4.50")]
    public async Task A_clip_reads_only_the_frames_it_shows(string transferSyntax)
    {
        // Six of the 24 frames shown (Limits:MaxAnimationFrames), under a limit of three quarters of
        // the object (reading it whole would pass that with the head read first).
        var random = new Random(3);
        var frames = transferSyntax == Jpeg2000
            ? Codestreams
            : [.. Enumerable.Range(0, Frames).Select(frame => GreyJpeg.Encode([.. Samples(frame).Select(sample => (byte)((sample >> 4) ^ random.Next(64)))], Width, Height))];
        var dicom = DicomWriter.EncapsulatedGrey(transferSyntax, Width, Height, transferSyntax == Jpeg2000 ? 12 : 8, frames);
        var store = new FolderStore("ranged-clip");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(store.Bucket("scans"), "cine.dcm"), dicom);
            var settings = store.Settings;
            settings["Limits:MaxAnimationFrames"] = "6";
            await using var byRange = await TestServer.StartAsync(ByRange(settings, dicom, 0.75));
            settings["Cache:Root"] = Path.Combine(store.Root, ".cache-whole");
            await using var byWhole = await TestServer.StartAsync(settings);

            using var ranged = await byRange.Client.GetAsync("/scans/cine.dcm?frame=all&w=64&format=gif");
            Assert.True(ranged.StatusCode == HttpStatusCode.OK, $"{(int)ranged.StatusCode} {await ranged.Content.ReadAsStringAsync()}");
            using var whole = await byWhole.Client.GetAsync("/scans/cine.dcm?frame=all&w=64&format=gif");
            Assert.Equal(await whole.Content.ReadAsByteArrayAsync(), await ranged.Content.ReadAsByteArrayAsync());
        }
        finally
        {
            store.Delete();
        }
    }

    /// <summary>Every source read by range, and too little allowed to read this one whole.</summary>
    /// <summary>The store requests (HEAD, reads, the cache lookup and write, as the S3 store counts them)
    /// of one rendition by range, which must be byte for byte the whole read's.</summary>
    private static async Task<double> StoreRequestsForAsync(HttpClient byRange, HttpClient byWhole, string url)
    {
        var before = await PrometheusSamples.ScrapeAsync(byRange);
        using var rendition = await byRange.GetAsync(url);
        Assert.True(rendition.StatusCode == HttpStatusCode.OK, $"{url}: {(int)rendition.StatusCode} {await rendition.Content.ReadAsStringAsync()}");
        await ServerClient.CacheWritesSettledAsync(byRange);
        var after = await PrometheusSamples.ScrapeAsync(byRange);

        using var whole = await byWhole.GetAsync(url);
        Assert.Equal(await whole.Content.ReadAsByteArrayAsync(), await rendition.Content.ReadAsByteArrayAsync());
        return after.Total("helium_store_requests_total") - before.Total("helium_store_requests_total");
    }

    /// <summary>Settings of a server reading every source by range (its renditions in
    /// <paramref name="ranged"/>) and of one reading every source whole.</summary>
    private static (Dictionary<string, string?> ByRange, Dictionary<string, string?> Whole) RangedAndWhole(string bucket, string ranged)
    {
        var byRange = new Dictionary<string, string?>(Radosgw.ServerSettings(bucket)) { ["Cache:Bucket"] = ranged, ["Limits:RangedReadAbove"] = "0" };
        var whole = new Dictionary<string, string?>(Radosgw.ServerSettings(bucket))
        {
            ["Cache:Bucket"] = Radosgw.SharedCacheBucket,
            ["Limits:RangedReadAbove"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return (byRange, whole);
    }

    private static Dictionary<string, string?> ByRange(IDictionary<string, string?> settings, byte[] dicom, double allowed = 0.5) => new(settings)
    {
        ["Limits:RangedReadAbove"] = "0",
        ["Limits:MaxSourceBytes"] = ((long)(dicom.Length * allowed)).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task ReadsOnlyTheFrameAsync(HttpClient byRange, HttpClient byWhole, string path)
    {
        foreach (var frame in new[] { 1, 13, Frames })
        {
            var before = await PrometheusSamples.SourceBytesReadAsync(byRange);
            var url = $"{path}?frame={frame}&w=128";
            using var ranged = await byRange.GetAsync(url);
            Assert.True(ranged.StatusCode == HttpStatusCode.OK, $"frame {frame}: {(int)ranged.StatusCode} {await ranged.Content.ReadAsStringAsync()}");
            var read = await PrometheusSamples.SourceBytesReadAsync(byRange) - before;
            Assert.True(read <= (64 * 1024) + Codestreams[frame - 1].Length + (16 * Frames) + 16, $"frame {frame}: {read} bytes read, the frame is {Codestreams[frame - 1].Length}");

            using var wholeRead = await byWhole.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, wholeRead.StatusCode);
            Assert.Equal(await wholeRead.Content.ReadAsByteArrayAsync(), await ranged.Content.ReadAsByteArrayAsync());
        }

        // Frame 23, after frame 24: without an offset table the walk to 24 already found it.
        var beforeNext = await PrometheusSamples.SourceBytesReadAsync(byRange);
        using (var next = await byRange.GetAsync($"{path}?frame=23&w=128"))
        {
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }

        var nextRead = await PrometheusSamples.SourceBytesReadAsync(byRange) - beforeNext;
        Assert.True(nextRead <= (64 * 1024) + Codestreams[22].Length + 1 + 16 + (4 * Frames), $"frame 23: {nextRead} bytes read, the frame is {Codestreams[22].Length}");

        using var info = await byRange.GetAsync($"{path}?info=true");
        using var wholeInfo = await byWhole.GetAsync($"{path}?info=true");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal(await wholeInfo.Content.ReadAsStringAsync(), await info.Content.ReadAsStringAsync());
        Assert.Contains($"\"frames\":{Frames}", await info.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await ProblemAssert.IsProblemAsync(await byRange.GetAsync($"{path}?frame={Frames + 1}&w=64"), HttpStatusCode.BadRequest, "invalid-query");
    }

    /// <summary>Waves shifted sideways by frame, 12 bits.</summary>
    private static ushort[] Samples(int frame)
    {
        var samples = new ushort[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                samples[(y * Width) + x] = (ushort)Math.Clamp(2048 + (1500 * Math.Sin((x + (17 * frame)) / 23.0) * Math.Cos(y / 31.0)), 0, 4095);
            }
        }

        return samples;
    }
}
