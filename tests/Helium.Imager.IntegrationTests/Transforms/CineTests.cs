using System.Net;
using System.Text.Json;
using Helium.Imager.IntegrationTests.Infrastructure;
using ImageMagick;
using NetVips;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary><c>frame=all</c>: a multi-frame DICOM image as one animation, WebP where accepted and GIF
/// otherwise, at the file's own frame timing.</summary>
public sealed class CineTests(TransformStore store) : IClassFixture<TransformStore>
{
    private const int Width = 64;
    private const int Height = 48;

    private async Task<string> PutAsync(byte[] dicom)
    {
        var key = $"cine-{Guid.NewGuid():N}.dcm";
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, InputStream = new MemoryStream(dicom) });
        return key;
    }

    private static async Task<(string ContentType, byte[] Body)> GetAsync(HttpClient client, string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return (response.Content.Headers.ContentType!.MediaType!, body);
    }

    /// <summary>Frames, their size and their delays, as libvips reads the animation.</summary>
    private static (int Frames, int Width, int FrameHeight, int[] Delays) Animation(byte[] body)
    {
        using var image = NetVips.Image.NewFromBuffer(body, kwargs: new VOption { { "n", -1 } });
        var frames = (int)image.Get("n-pages");
        return (frames, image.Width, image.PageHeight, (int[])image.Get("delay"));
    }

    [Theory]
    [InlineData("frame=all&format=auto", "image/avif,image/webp,*/*", "image/webp")]
    [InlineData("frame=all&format=auto", "image/png,*/*", "image/gif")]
    [InlineData("frame=all&format=webp", null, "image/webp")]
    [InlineData("frame=all", "image/webp", "image/gif")]
    [InlineData("frame=all&format=gif", "image/webp", "image/gif")]
    public async Task A_19_frame_cine_plays_every_frame_at_its_frame_time(string query, string? accept, string expected)
    {
        var key = await PutAsync(DicomWriter.MultiFrameGrey(Width, Height, 19, frameTime: 40));

        var (contentType, body) = await GetAsync(store.Server.Client, store.Url(key, query + "&w=32"), accept);

        Assert.Equal(expected, contentType);
        var (frames, width, frameHeight, delays) = Animation(body);
        Assert.Equal((19, 32, 24), (frames, width, frameHeight));
        Assert.All(delays, delay => Assert.Equal(40, delay));
    }

    [Fact]
    public async Task Each_frame_of_the_clip_is_that_frame_in_order()
    {
        var key = await PutAsync(DicomWriter.MultiFrameGrey(Width, Height, 7, frameTime: 100));

        var (_, body) = await GetAsync(store.Server.Client, store.Url(key, "frame=all&format=webp&quality=100"));

        using var clip = NetVips.Image.NewFromBuffer(body, kwargs: new VOption { { "n", -1 } });
        foreach (var frame in new[] { 1, 4, 7 })
        {
            var (_, single) = await GetAsync(store.Server.Client, store.Url(key, $"frame={frame}&format=png"));
            using var expected = new MagickImage(single);
            using var page = clip.ExtractArea(0, (frame - 1) * Height, Width, Height);
            using var ours = new MagickImage(page.PngsaveBuffer());
            ours.ColorSpace = ColorSpace.sRGB;
            expected.ColorSpace = ColorSpace.sRGB;
            var difference = ours.Compare(expected, ErrorMetric.RootMeanSquared);
            Assert.True(difference < 0.02, $"frame {frame} of the clip: RMSE {difference:0.0000} against frame={frame}");
        }
    }

    [Fact]
    public async Task Past_the_frame_limit_frames_are_spread_over_the_clip_and_it_lasts_as_long()
    {
        await using var server = await store.StartServerAsync(("Limits:MaxAnimationFrames", "5"));
        var key = await PutAsync(DicomWriter.MultiFrameGrey(Width, Height, 19, frameTime: 40));

        var (_, body) = await GetAsync(server.Client, store.Url(key, "frame=all&format=gif"));

        var (frames, _, _, delays) = Animation(body);
        Assert.Equal(5, frames);
        Assert.Equal(19 * 40, delays.Sum());
    }

    [Fact]
    public async Task Without_frame_time_the_vector_then_the_recommended_rate_set_the_pace()
    {
        var vector = await PutAsync(DicomWriter.MultiFrameGrey(Width, Height, 4, frameTimeVector: [0, 50, 50, 50]));
        var rate = await PutAsync(DicomWriter.MultiFrameGrey(Width, Height, 4, frameRate: 25));
        var none = await PutAsync(DicomWriter.MultiFrameGrey(Width, Height, 4));

        var byVector = Animation((await GetAsync(store.Server.Client, store.Url(vector, "frame=all&format=gif"))).Body).Delays;
        var byRate = Animation((await GetAsync(store.Server.Client, store.Url(rate, "frame=all&format=gif"))).Body).Delays;
        var byDefault = Animation((await GetAsync(store.Server.Client, store.Url(none, "frame=all&format=gif"))).Body).Delays;

        Assert.Equal([50, 50, 50, 50], byVector);
        Assert.Equal([40, 40, 40, 40], byRate);
        Assert.Equal([100, 100, 100, 100], byDefault);
    }

    [Fact]
    public async Task Info_reports_how_the_clip_plays()
    {
        var key = await PutAsync(DicomWriter.MultiFrameGrey(Width, Height, 19, frameTime: 40));

        var (_, body) = await GetAsync(store.Server.Client, store.Url(key, "info=true"));

        using var json = JsonDocument.Parse(body);
        var dicom = json.RootElement.GetProperty("dicom");
        Assert.Equal((40d, 760d), (dicom.GetProperty("frameTimeMs").GetDouble(), dicom.GetProperty("clipDurationMs").GetDouble()));
    }

    [Theory]
    [InlineData("frame=all&format=jpeg")]
    [InlineData("frame=all&format=png")]
    [InlineData("frame=most")]
    public async Task A_clip_in_a_still_format_or_a_frame_that_is_no_number_is_400(string query)
    {
        var key = await PutAsync(DicomWriter.MultiFrameGrey(Width, Height, 3, frameTime: 40));

        using var response = await store.Server.Client.GetAsync(store.Url(key, query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
