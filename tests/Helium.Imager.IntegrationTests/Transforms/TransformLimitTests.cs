using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>Each Limits setting, on a server of its own with that limit set low.</summary>
public sealed class TransformLimitTests(TransformStore store) : IClassFixture<TransformStore>
{
    private const string Photo = "raster/2569067123_aca715a2ee_o.jpg";

    [Fact]
    public async Task Sources_beyond_max_source_bytes_are_413()
    {
        await using var server = await store.StartServerAsync(("Limits:MaxSourceBytes", "100000"));

        using var response = await server.Client.GetAsync(store.Url(Photo, "w=100"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "source-too-large");
    }

    [Fact]
    public async Task Sources_beyond_max_source_pixels_are_422_before_decoding()
    {
        await using var server = await store.StartServerAsync(("Limits:MaxSourcePixels", "1000000"));

        using var response = await server.Client.GetAsync(store.Url(Photo, "w=100"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "unprocessable-source");
        Assert.Contains("MP", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sizes_beyond_max_output_dimension_are_400()
    {
        await using var server = await store.StartServerAsync(("Limits:MaxOutputDimension", "100"), ("Presets:card", "w=50"));

        using var tooWide = await server.Client.GetAsync(store.Url(Photo, "w=101"));
        using var retina = await server.Client.GetAsync(store.Url(Photo, "w=80&dpr=2"));

        await ProblemAssert.IsProblemAsync(tooWide, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Equal(HttpStatusCode.OK, retina.StatusCode);
        using var image = new ImageMagick.MagickImage(await retina.Content.ReadAsByteArrayAsync());
        Assert.Equal(100, (int)image.Width);
    }

    [Fact]
    public async Task A_preset_beyond_the_output_limit_stops_the_server_at_start_up()
    {
        var error = await Record.ExceptionAsync(() => store.StartServerAsync(("Limits:MaxOutputDimension", "100")));

        Assert.Contains("Presets:card", string.Join(" ", HeliumServer.SettingsFailures(error!)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beyond_the_concurrency_and_queue_limits_clients_get_503_with_retry_after()
    {
        await using var server = await store.StartServerAsync(("Limits:MaxConcurrentTransforms", "1"), ("Limits:QueueLength", "0"));

        // Distinct full-resolution renders (a crop turns the decoder's size hint off), all at once.
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => server.Client.GetAsync(store.Url(Photo, $"crop=0,0,2000,2000&w={100 + i}"))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, r.StatusCode.ToString()));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(refused);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in refused)
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "overloaded");
            Assert.NotNull(response.Headers.RetryAfter);
        }

        using var afterwards = await server.Client.GetAsync(store.Url(Photo, "w=99"));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_transform_beyond_the_timeout_is_504()
    {
        await using var server = await store.StartServerAsync(("Limits:TransformTimeout", "00:00:00.001"));

        // A render of several hundred milliseconds (a 5 MP PNG): the 1 ms deadline's timer fires long
        // before it ends even when the machine is busy running other tests.
        using var response = await server.Client.GetAsync(store.Url(Photo, "crop=0,0,2500,2000&w=2500&format=png"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout, "transform-timeout");
    }
}
