using System.Net;
using Amazon.S3.Model;
using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.Renditions;
using ImageMagick;
using Microsoft.Extensions.DependencyInjection;
using static Helium.Imager.IntegrationTests.Infrastructure.ImageResponses;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>Query-string transforms over real HTTP against radosgw, cached in a bucket.</summary>
public sealed class TransformTests(TransformStore store) : IClassFixture<TransformStore>
{
    private const string Photo = "raster/2569067123_aca715a2ee_o.jpg";

    private HttpClient Client => store.Server.Client;

    [Fact]
    public async Task A_thumbnail_is_rendered_once_stored_in_the_cache_bucket_then_served_from_it()
    {
        var url = store.Url(Photo, "thumbnail=190x190&quality=70");

        using var first = await Client.GetAsync(url);
        using var firstImage = await ImageOf(first);
        using var second = await Client.GetAsync(url);

        Assert.Equal("miss", CacheOutcome(first));
        Assert.Equal("hit", CacheOutcome(second));
        Assert.Equal((190, 155), ((int)firstImage.Width, (int)firstImage.Height));
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal("public, max-age=86400", second.Headers.CacheControl?.ToString());

        var hash = first.Headers.ETag!.Tag.Trim('"');
        await ServerClient.CacheWritesSettledAsync(Client);
        Assert.Contains(RenditionKey.ObjectKey(new ObjectAddress(store.Bucket, Photo), hash), await store.CachedKeysAsync());
    }

    [Fact]
    public async Task A_cache_hit_costs_no_store_request_from_memory_and_one_without_it()
    {
        var url = store.Url("raster/Landscape_1.jpg", "w=64");
        (await Client.GetAsync(url)).Dispose();
        await ServerClient.CacheWritesSettledAsync(Client); // the miss's PUT, which lands after its answer

        var before = store.Counters.StoreRequests;
        using var hit = await Client.GetAsync(url);

        Assert.Equal("hit", CacheOutcome(hit));
        Assert.Equal(0, store.Counters.StoreRequests - before);

        // A second instance without the memory tier shares the bucket: its hit is one GET there, and
        // the bytes are the same.
        await using var other = await store.StartServerAsync(("Cache:MemoryBytes", "0"));
        (await other.Client.GetAsync(url)).Dispose(); // source version, then the rendition
        var otherBefore = other.Services.GetRequiredService<HeliumMetrics>().StoreRequests;
        using var otherHit = await other.Client.GetAsync(url);

        Assert.Equal("hit", CacheOutcome(otherHit));
        Assert.Equal(1, other.Services.GetRequiredService<HeliumMetrics>().StoreRequests - otherBefore);
        Assert.Equal(await hit.Content.ReadAsByteArrayAsync(), await otherHit.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_None_Match_with_the_renditions_etag_is_304()
    {
        var url = store.Url("raster/Landscape_1.jpg", "w=65");
        using var first = await Client.GetAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task Equivalent_urls_share_one_cache_entry()
    {
        using var first = await Client.GetAsync(store.Url("raster/Landscape_1.jpg", "thumbnail=77x77"));
        using var second = await Client.GetAsync(store.Url("raster/Landscape_1.jpg", "height=77&width=77&fit=inside&mode=max".Replace("&mode=max", "", StringComparison.Ordinal)));
        using var third = await Client.GetAsync(store.Url("raster/Landscape_1.jpg", "h=77&w=77&gravity=center&enlarge=false"));

        Assert.Equal("miss", CacheOutcome(first));
        Assert.Equal("hit", CacheOutcome(second));
        Assert.Equal("hit", CacheOutcome(third));
        Assert.Equal(first.Headers.ETag, third.Headers.ETag);
    }

    [Theory]
    [InlineData("raster/Landscape_1.jpg", "image/avif,image/webp,*/*", "image/avif")]
    [InlineData("raster/Landscape_1.jpg", "image/webp,image/png,*/*;q=0.8", "image/webp")]
    [InlineData("raster/Landscape_1.jpg", "image/png,image/*;q=0.8", "image/jpeg")]
    [InlineData("raster/Flag_of_the_Netherlands-alpha.png", "image/png,image/*;q=0.8", "image/png")]
    [InlineData("raster/Flag_of_the_Netherlands-alpha.png", "image/avif;q=0,image/webp", "image/webp")]
    public async Task Auto_format_follows_the_accept_header(string file, string accept, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, store.Url(file, "format=auto&w=40"));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
        using var image = await ImageOf(response);
        Assert.Equal(40, (int)image.Width);
    }

    [Theory]
    [InlineData("raster/Landscape_3.jpg")]
    [InlineData("raster/Landscape_6.jpg")]
    [InlineData("raster/Landscape_8.jpg")]
    public async Task Exif_orientations_come_out_upright(string file)
    {
        using var upright = await ImageOf(await Client.GetAsync(store.Url("raster/Landscape_1.jpg", "w=300&format=png")));
        using var oriented = await ImageOf(await Client.GetAsync(store.Url(file, "w=300&format=png")));

        Assert.Equal((upright.Width, upright.Height), (oriented.Width, oriented.Height));
        Assert.True(upright.Compare(oriented, ErrorMetric.RootMeanSquared) < 0.1);
    }

    [Fact]
    public async Task Portrait_orientation_5_comes_out_as_an_upright_portrait()
    {
        using var image = await ImageOf(await Client.GetAsync(store.Url("raster/Portrait_5.jpg", "w=150&format=png")));

        // Orientation 5 is the stored pixels transposed; the other turns (6, 7, 8) measure 0.22 or more.
        using var upright = new MagickImage(Fixture.Path("raster/Portrait_5.jpg")) { Orientation = Orientation.TopLeft };
        upright.Transpose();
        Assert.Equal((150, 200), ((int)image.Width, (int)image.Height));
        var difference = Difference(image, upright);
        Assert.True(difference < 0.1, $"RMSE {difference:0.000} against the transposed stored image");
    }

    [Theory]
    [InlineData("raster/Channel_digital_image_CMYK_color.jpg", "w=100", "image/jpeg", 100, 0)]
    [InlineData("raster/16-bit-grey-alpha.png", "w=20", "image/png", 20, 0)]
    [InlineData("raster/animated-loop-3.gif", "w=30", "image/gif", 30, 0)]
    [InlineData("raster/4.webp", "w=30", "image/webp", 30, 0)]
    [InlineData("raster/pitm.avif", "w=30", "image/avif", 30, 0)]
    [InlineData("raster/G31D.TIF", "w=30", "image/jpeg", 30, 0)]
    [InlineData("raster/Landscape_1.jpg", "w=100&h=100&fit=contain&bg=000", "image/jpeg", 100, 100)]
    [InlineData("raster/Landscape_1.jpg", "preset=card", "image/webp", 120, 80)]
    public async Task Each_kind_of_source_renders(string file, string query, string contentType, int width, int height)
    {
        using var response = await Client.GetAsync(store.Url(file, query));
        using var image = await ImageOf(response);

        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(width, (int)image.Width);
        Assert.True(height == 0 || height == (int)image.Height, $"{image.Width}x{image.Height}");
        if (query.Contains("bg=000", StringComparison.Ordinal))
        {
            // Contain: the 600x450 photo is 100x75 between black bands of 12 rows.
            var rgb = image.GetPixels().ToByteArray(PixelMapping.RGB)!;
            Assert.All(Enumerable.Range(0, 100 * 8), i => Assert.True(rgb[3 * i] < 24 && rgb[(3 * i) + 1] < 24 && rgb[(3 * i) + 2] < 24)); // the first JPEG block row
            Assert.True(image.Statistics().GetChannel(PixelChannel.Red)!.Mean > 40 * 257 / 255.0, "the photo is missing between the bands");
        }
        else if (query.StartsWith("preset=card", StringComparison.Ordinal))
        {
            // fit=cover: the middle of the photo, cut to 3:2 and filling the box.
            using var expected = new MagickImage(Fixture.Path(file));
            expected.Resize(new MagickGeometry(120, 90) { IgnoreAspectRatio = true });
            expected.Crop(new MagickGeometry(0, 5, 120, 80));
            expected.ResetPage();
            var difference = Difference(image, expected);
            Assert.True(difference < 0.05, $"RMSE {difference:0.0000} against the middle of the photo");
        }
    }

    [Theory]
    [InlineData("raster/check.svg", HttpStatusCode.UnsupportedMediaType, "unsupported-source")]
    [InlineData("raster/corrupt-header.jpg", HttpStatusCode.UnprocessableEntity, "unprocessable-source")]
    [InlineData("raster/truncated.jpg", HttpStatusCode.UnprocessableEntity, "unprocessable-source")]
    [InlineData("raster/truncated.png", HttpStatusCode.UnprocessableEntity, "unprocessable-source")]
    [InlineData("raster/none-such.jpg", HttpStatusCode.NotFound, "not-found")]
    public async Task Unusable_sources_get_a_clear_problem(string file, HttpStatusCode status, string slug)
    {
        using var response = await Client.GetAsync(store.Url(file, "w=100"));

        await ProblemAssert.IsProblemAsync(response, status, slug);
    }

    [Theory]
    [InlineData("w=100&w=200", "w")]
    [InlineData("w=100&zoom=2", "zoom")]
    [InlineData("crop=5000,5000,10,10", "crop")]
    [InlineData("quality=0", "quality")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string query, string parameter)
    {
        using var response = await Client.GetAsync(store.Url("raster/Landscape_1.jpg", query));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Contains(parameter + ":", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_answers_the_headers_of_a_transform()
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, store.Url("raster/Landscape_1.jpg", "w=33")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Content.Headers.ContentLength > 0);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Twenty_identical_requests_at_once_are_computed_once()
    {
        var url = store.Url(Photo, "w=321&quality=57");
        var before = store.Counters.Renders;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Client.GetAsync(url)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.ETag!.Tag).Distinct());
        Assert.Equal(1, store.Counters.Renders - before);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_changed_source_gets_a_new_rendition_never_the_old_one()
    {
        await store.S3.PutObjectAsync(new PutObjectRequest { BucketName = store.Bucket, Key = "changing.jpg", FilePath = Fixture.Path("raster/Landscape_1.jpg") });
        await using var server = await store.StartServerAsync(("Cache:SourceRecheck", "00:00:00"));
        var url = store.Url("changing.jpg", "w=100");

        using var before = await server.Client.GetAsync(url);
        using var beforeImage = await ImageOf(before);
        await store.S3.PutObjectAsync(new PutObjectRequest { BucketName = store.Bucket, Key = "changing.jpg", FilePath = Fixture.Path("raster/Portrait_5.jpg") });
        using var after = await server.Client.GetAsync(url);
        using var afterImage = await ImageOf(after);

        Assert.Equal("miss", CacheOutcome(after));
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(75, (int)beforeImage.Height);
        Assert.Equal(133, (int)afterImage.Height);
    }

    [Fact]
    public async Task A_failed_cache_write_is_logged_and_the_response_still_succeeds()
    {
        await using var server = await store.StartServerAsync(("Cache:Bucket", Radosgw.UniqueBucket("missing")));

        using var response = await server.Client.GetAsync(store.Url("raster/Landscape_1.jpg", "w=50"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("miss", CacheOutcome(response));
        Assert.True(await server.Logs.WaitForAsync(eventId: 30, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Cache_max_age_is_configurable()
    {
        await using var server = await store.StartServerAsync(("Cache:MaxAge", "00:05:00"));

        using var response = await server.Client.GetAsync(store.Url("raster/Landscape_1.jpg", "w=51"));

        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
    }
}
