using System.Net;
using System.Text;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Events;

/// <summary>
/// Thumbnails ready before anyone asks: radosgw delivers its bucket notifications (an SNS topic whose
/// push endpoint is the server under test) and the server renders the rules' presets into the cache
/// bucket in the background; deleting the object takes its renditions with it; a delivery without the
/// token renders nothing.
/// </summary>
public sealed class BucketEventTests
{
    private const string Token = "events-token-0123456789";

    [Fact]
    public async Task Uploads_are_rendered_before_anyone_asks_and_deletions_take_their_renditions()
    {
        using var s3 = Radosgw.CreateClient();
        var (bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(s3, "events");
        await using var server = await TestServer.StartAsync(Settings(bucket, cache));
        var topic = await RadosgwTopics.CreateAsync($"helium-{bucket}", $"{server.BaseAddress}_events/s3?token={Token}");
        await RadosgwTopics.NotifyAsync(s3, bucket, topic);

        // Keys as radosgw encodes them in its records: a space, a plus sign, a non-ASCII letter.
        var files = new[] { ("photo one+two é.jpg", "raster/Landscape_1.jpg"), ("paper.pdf", "pdf/pdflatex-4-pages.pdf"), ("scan.dcm", "dicom/CT_small.dcm") };
        foreach (var (key, fixture) in files)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = Fixture.Path(fixture) });
        }

        // Six renders (three files, two presets), none asked for by a client, within 5 s.
        Assert.True(await EventuallyAsync(server, "helium_warm_renders_total", "outcome=\"rendered\"", 6, TimeSpan.FromSeconds(5)), "the presets were not rendered from the events in time");
        await ServerClient.CacheWritesSettledAsync(server.Client);
        foreach (var (key, _) in files)
        {
            foreach (var preset in new[] { "thumb", "card" })
            {
                using var response = await server.Client.GetAsync($"/{bucket}/{Uri.EscapeDataString(key)}?preset={preset}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("hit", ImageResponses.CacheOutcome(response));
            }
        }

        var metrics = await PrometheusSamples.ScrapeAsync(server.Client);
        Assert.Equal(6, metrics.Total("helium_render_duration_seconds_count"));
        Assert.Equal(3, metrics[("helium_events_received_total", "kind=\"created\"")]);

        // Deleted: the source's renditions leave the cache bucket; the others stay.
        var before = await RenditionCountAsync(s3, cache);
        await s3.DeleteObjectAsync(bucket, "paper.pdf");
        Assert.True(await EventuallyAsync(server, "helium_events_purged_renditions_total", "", 2, TimeSpan.FromSeconds(5)), "the deleted source's renditions were not removed");
        Assert.Equal(before - 2, await RenditionCountAsync(s3, cache));
        using var gone = await server.Client.GetAsync($"/{bucket}/paper.pdf?preset=thumb");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_large_object_without_an_offset_table_has_its_frames_located_before_anyone_asks()
    {
        // Without an offset table, the first request for a frame in the middle of a multi-frame object
        // read by range walks the item headers of every frame before it, a store request each. Done
        // when the object arrives, that first request costs what it does in an object whose table was
        // read before: a JPEG frame of 512 x 512 noise (about 280 KB, too large to be walked many
        // headers a read), 16 of them, each object 4.5 MB, read by range above 1 MiB.
        using var s3 = Radosgw.CreateClient();
        var (bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(s3, "events-index");
        var settings = Settings(bucket, cache);
        settings["Limits:RangedReadAbove"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var server = await TestServer.StartAsync(settings);
        var topic = await RadosgwTopics.CreateAsync($"helium-{bucket}", $"{server.BaseAddress}_events/s3?token={Token}");
        await RadosgwTopics.NotifyAsync(s3, bucket, topic);

        var random = new Random(11);
        var frames = Enumerable.Range(0, 16).Select(_ => GreyJpeg.Encode([.. Enumerable.Range(0, 512 * 512).Select(_ => (byte)random.Next(256))], 512, 512)).ToList();
        foreach (var table in new[] { true, false })
        {
            var dicom = DicomWriter.EncapsulatedGrey("1.2.840.10008.1.2.4.50", 512, 512, 8, frames, offsetTable: table);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"series-{table}.dcm", InputStream = new MemoryStream(dicom) });
        }

        // Both located, and both objects' presets (frame 1) rendered.
        Assert.True(await EventuallyAsync(server, "helium_warm_renders_total", "outcome=\"indexed\"", 2, TimeSpan.FromSeconds(10)), "the objects' frames were not located from the events in time");
        Assert.True(await EventuallyAsync(server, "helium_warm_renders_total", "outcome=\"rendered\"", 4, TimeSpan.FromSeconds(10)), "the presets were not rendered from the events in time");
        await ServerClient.CacheWritesSettledAsync(server.Client);

        var requests = new Dictionary<bool, double>();
        foreach (var table in new[] { true, false })
        {
            var before = await PrometheusSamples.ScrapeAsync(server.Client);
            using var frame = await server.Client.GetAsync($"/{bucket}/series-{table}.dcm?frame=12&w=128");
            Assert.True(frame.StatusCode == HttpStatusCode.OK, $"{(int)frame.StatusCode} {await frame.Content.ReadAsStringAsync()}");
            await ServerClient.CacheWritesSettledAsync(server.Client);
            requests[table] = (await PrometheusSamples.ScrapeAsync(server.Client)).Total("helium_store_requests_total") - before.Total("helium_store_requests_total");
        }

        Assert.True(requests[false] == requests[true], $"store requests for frame 12: {requests[true]} with a table, {requests[false]} without");
    }

    [Fact]
    public async Task A_delivery_without_the_token_is_401_and_renders_nothing()
    {
        var bucket = Radosgw.UniqueBucket("events");
        using var s3 = Radosgw.CreateClient();
        await Radosgw.CreateBucketAsync(s3, bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a.jpg", FilePath = Fixture.Path("raster/Landscape_1.jpg") });
        await using var server = await TestServer.StartAsync(Settings(bucket, Radosgw.SharedCacheBucket));
        var body = Delivery(bucket, "a.jpg");

        using var none = await server.Client.PostAsync("/_events/s3", Json(body));
        using var wrong = await server.Client.PostAsync($"/_events/s3?token={Token}x", Json(body));
        using var bearerWrong = new HttpRequestMessage(HttpMethod.Post, "/_events/s3") { Content = Json(body) };
        bearerWrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-" + Token);
        using var refused = await server.Client.SendAsync(bearerWrong);
        using var bearer = new HttpRequestMessage(HttpMethod.Post, "/_events/s3") { Content = Json(body) };
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        await Task.Delay(300);
        var rendersBefore = (await PrometheusSamples.ScrapeAsync(server.Client)).Total("helium_render_duration_seconds_count");
        using var accepted = await server.Client.SendAsync(bearer);
        using var garbage = await server.Client.PostAsync($"/_events/s3?token={Token}", Json("{\"Records\": 5}"));

        await ProblemAssert.IsProblemAsync(none, HttpStatusCode.Unauthorized, "events-unauthorized");
        await ProblemAssert.IsProblemAsync(wrong, HttpStatusCode.Unauthorized, "events-unauthorized");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, "events-unauthorized");
        Assert.Equal(0, rendersBefore);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("\"queued\":2", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(garbage, HttpStatusCode.BadRequest, "invalid-event");
        Assert.True(await EventuallyAsync(server, "helium_warm_renders_total", "outcome=\"rendered\"", 2, TimeSpan.FromSeconds(5)), "a delivery with the bearer token was not rendered");
    }

    [Fact]
    public async Task A_burst_beyond_the_queue_is_dropped_and_counted_while_clients_are_served()
    {
        var bucket = Radosgw.UniqueBucket("burst");
        using var s3 = Radosgw.CreateClient();
        await Radosgw.CreateBucketAsync(s3, bucket);
        for (var i = 0; i < 20; i++)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"p{i}.jpg", FilePath = Fixture.Path("raster/Landscape_1.jpg") });
        }

        var settings = Settings(bucket, Radosgw.SharedCacheBucket);
        settings["Warm:QueueLength"] = "50";
        await using var server = await TestServer.StartAsync(settings);
        var quiet = await ClientMissAsync(server, bucket, "quiet");

        // 1000 records (50 deliveries of 20), each asking for two presets: 2000 pieces of work.
        var deliveries = Enumerable.Range(0, 50).Select(d => server.Client.PostAsync($"/_events/s3?token={Token}",
            Json(Delivery(bucket, [.. Enumerable.Range(0, 20).Select(r => $"p{((d * 20) + r) % 20}.jpg")])))).ToList();
        var busy = await ClientMissAsync(server, bucket, "busy");
        var answers = await Task.WhenAll(deliveries);

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var metrics = await PrometheusSamples.ScrapeAsync(server.Client);
        var dropped = metrics[("helium_warm_renders_total", "outcome=\"dropped\"")];
        Assert.InRange(dropped, 2000 - 50 - 40, 2000 - 50); // at most the queue and what was done meanwhile got in
        Assert.Equal(1000, metrics[("helium_events_received_total", "kind=\"created\"")]);

        // A client's miss in the middle of the burst waits for one background render at most.
        Assert.True(busy < (quiet * 3) + TimeSpan.FromMilliseconds(500), $"a client miss took {busy.TotalMilliseconds:0} ms during the burst against {quiet.TotalMilliseconds:0} ms before it");
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    private static Dictionary<string, string?> Settings(string bucket, string cache)
    {
        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = cache;
        settings["Cache:MemoryBytes"] = "0";
        settings["Events:Token"] = Token;
        settings["Presets:thumb"] = "thumbnail=96x96";
        settings["Presets:card"] = "w=240&format=png";
        settings["Warm:Rules:everything:Bucket"] = bucket;
        settings["Warm:Rules:everything:Presets:0"] = "thumb";
        settings["Warm:Rules:everything:Presets:1"] = "card";
        return settings;
    }

    /// <summary>A notification as radosgw sends it.</summary>
    private static string Delivery(string bucket, params string[] keys) =>
        $"{{\"Records\":[{string.Join(',', keys.Select(key => $"{{\"eventVersion\":\"2.2\",\"eventSource\":\"ceph:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{{\"bucket\":{{\"name\":\"{bucket}\"}},\"object\":{{\"key\":\"{key}\",\"size\":1}}}}}}"))}]}}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<TimeSpan> ClientMissAsync(TestServer server, string bucket, string tag)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await server.Client.GetAsync($"/{bucket}/p0.jpg?w=150&quality={tag.Length + 70}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    private static async Task<bool> EventuallyAsync(TestServer server, string metric, string labels, double atLeast, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        do
        {
            var samples = await PrometheusSamples.ScrapeAsync(server.Client);
            if (samples.Total(metric, labels) >= atLeast)
            {
                return true;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        return false;
    }

    private static async Task<int> RenditionCountAsync(Amazon.S3.AmazonS3Client s3, string cache) =>
        ((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = cache, Prefix = "renditions/" })).S3Objects ?? []).Count;
}
