using System.Net;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// A source of several megabytes read whole for a transform comes from the store as ranges requested
/// at once (S3:ReadParts, S3:ReadPartBytes), as the store saw them through a relay: together they
/// cover the object exactly, each carries If-Match with the version's ETag (so no part can come from
/// a replacement), and the rendition is the one a single GET gives.
/// </summary>
public sealed partial class PartedSourceReadTests
{
    [Fact]
    public async Task A_large_source_is_read_as_ranges_at_once_each_pinned_to_its_version()
    {
        var radiograph = DicomWriter.RadiographWithModalityLut(1976, 1576);
        using var s3 = Radosgw.CreateClient();
        var (bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(s3, "parted");
        var single = Radosgw.UniqueBucket("parted-single");
        await Radosgw.CreateBucketAsync(s3, single);
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "cr.dcm", InputStream = new MemoryStream(radiograph) });

        await using var relay = new CountingRelay(new Uri(Radosgw.Url));
        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = cache;
        settings["S3:ServiceUrl"] = relay.Url.ToString();
        await using var parted = await TestServer.StartAsync(settings);
        settings["Cache:Bucket"] = single;
        settings["S3:ServiceUrl"] = Radosgw.Url;
        settings["S3:ReadParts"] = "1";
        await using var whole = await TestServer.StartAsync(settings);

        using var fromParts = await parted.Client.GetAsync($"/{bucket}/cr.dcm?w=190");
        Assert.True(fromParts.StatusCode == HttpStatusCode.OK, $"{(int)fromParts.StatusCode} {await fromParts.Content.ReadAsStringAsync()}");
        using var fromOne = await whole.Client.GetAsync($"/{bucket}/cr.dcm?w=190");
        Assert.Equal(await fromOne.Content.ReadAsByteArrayAsync(), await fromParts.Content.ReadAsByteArrayAsync());

        var gets = RequestHeads(relay.SentToTarget).Where(head => head.StartsWith($"GET /{bucket}/cr.dcm ", StringComparison.Ordinal)).ToList();
        var ranges = gets.Select(head => RangeHeader().Match(head)).Select(match =>
        {
            Assert.True(match.Success, "a GET of the source without a Range");
            return (From: long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), To: long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }).OrderBy(range => range.From).ToList();

        // 6.2 MB in parts of at least 2 MiB: two of them.
        Assert.Equal(radiograph.Length / (2 * 1024 * 1024), ranges.Count);
        Assert.Equal(0, ranges[0].From);
        Assert.Equal(radiograph.Length - 1, ranges[^1].To);
        Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.Equal(pair.First.To + 1, pair.Second.From));
        Assert.All(gets, head => Assert.Contains($"If-Match: {put.ETag}", head, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The request line and headers of each request sent through the relay.</summary>
    private static IEnumerable<string> RequestHeads(string sent) =>
        RequestLine().Matches(sent).Select(match => sent[match.Index..(sent.IndexOf("\r\n\r\n", match.Index, StringComparison.Ordinal) is var end and >= 0 ? end : sent.Length)]);

    [GeneratedRegex(@"(?m)^(GET|HEAD|PUT) /")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"(?im)^Range: bytes=(\d+)-(\d+)\r$")]
    private static partial Regex RangeHeader();
}
