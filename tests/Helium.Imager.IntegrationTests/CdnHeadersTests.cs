using System.Diagnostics;
using System.Net;
using Helium.Imager.Addressing;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.Security;

namespace Helium.Imager.IntegrationTests;

/// <summary>
/// Headers a CDN can trust: Vary: Origin on every response when CORS is on (shown end to end with
/// Varnish in front of the server: a response cached for a request without Origin is not served to a
/// cross-origin one); max-age and s-maxage never beyond a signature's expiry; Cache:SharedMaxAge; and
/// the <c>v</c> parameter, which changes the URL but not the rendition.
/// </summary>
public sealed class CdnHeadersTests : IAsyncLifetime
{
    private const string Key = "cdn-signing-key-0123456789abcdef";
    private const string Origin = "https://app.example.org";
    private readonly FolderStore _store = new("cdn");

    public Task InitializeAsync()
    {
        _store.Add("photos", "raster/Landscape_1.jpg", "cat.jpg");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _store.Delete();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task With_cors_every_response_varies_by_origin_and_without_it_none_does()
    {
        await using var cors = await StartAsync(("Cors:AllowedOrigins", Origin));
        await using var plain = await StartAsync();

        foreach (var url in new[] { "/photos/cat.jpg", "/photos/cat.jpg?w=80", "/photos/cat.jpg?w=80", "/photos/missing.jpg?w=80", "/photos/cat.jpg?w=-5", "/photos/cat.jpg?w=81&format=auto" })
        {
            using var response = await cors.Client.GetAsync(url);
            Assert.True(Varies(response, "Origin"), $"{url}: Vary is '{string.Join(", ", response.Headers.Vary)}'");
            using var other = await plain.Client.GetAsync(url);
            Assert.False(Varies(other, "Origin"), $"{url} without CORS: Vary is '{string.Join(", ", other.Headers.Vary)}'");
        }

        using var auto = await cors.Client.GetAsync("/photos/cat.jpg?w=82&format=auto");
        Assert.True(Varies(auto, "Accept") && Varies(auto, "Origin"), string.Join(", ", auto.Headers.Vary));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/photos/cat.jpg?w=80");
        request.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue((await cors.Client.GetAsync("/photos/cat.jpg?w=80")).Headers.ETag!.Tag));
        using var notModified = await cors.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.True(Varies(notModified, "Origin"));
    }

    [Fact]
    public async Task A_cdn_in_front_serves_a_cross_origin_caller_correctly_after_a_plain_request()
    {
        await using var server = await StartAsync(("Cors:AllowedOrigins", Origin));
        await using var varnish = await Varnish.StartAsync(server.BaseAddress);
        using var client = ServerClient.For(varnish.Address);

        using var plain = await client.GetAsync("/photos/cat.jpg?w=90");
        using var again = await client.GetAsync("/photos/cat.jpg?w=90");
        using var crossOrigin = new HttpRequestMessage(HttpMethod.Get, "/photos/cat.jpg?w=90");
        crossOrigin.Headers.Add("Origin", Origin);
        using var fromBrowser = await client.SendAsync(crossOrigin);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.True(again.Headers.Age is not null || again.Headers.GetValues("X-Varnish").Single().Contains(' ', StringComparison.Ordinal), "Varnish did not cache the plain response: the test proves nothing");
        Assert.Equal(HttpStatusCode.OK, fromBrowser.StatusCode);
        Assert.Equal(Origin, fromBrowser.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task A_signed_url_is_never_cacheable_beyond_its_expiry()
    {
        await using var server = await StartAsync(("Security:SigningKey", Key), ("Cache:SharedMaxAge", "01:00:00"));
        var expires = DateTimeOffset.UtcNow.AddSeconds(120);

        using var signedRendition = await server.Client.GetAsync(Signed("cat.jpg", [new("w", "70")], expires));
        using var signedPassThrough = await server.Client.GetAsync(Signed("cat.jpg", [], expires));
        using var unexpiring = await server.Client.GetAsync(Signed("cat.jpg", [new("w", "70")], null));

        Assert.Equal(HttpStatusCode.OK, signedRendition.StatusCode);
        Assert.InRange(signedRendition.Headers.CacheControl!.MaxAge!.Value.TotalSeconds, 100, 120);
        Assert.InRange(signedRendition.Headers.CacheControl.SharedMaxAge!.Value.TotalSeconds, 100, 120);
        Assert.Equal(HttpStatusCode.OK, signedPassThrough.StatusCode);
        Assert.InRange(signedPassThrough.Headers.CacheControl!.MaxAge!.Value.TotalSeconds, 100, 120);
        Assert.Equal(TimeSpan.FromDays(1), unexpiring.Headers.CacheControl!.MaxAge);
        Assert.Equal(TimeSpan.FromHours(1), unexpiring.Headers.CacheControl.SharedMaxAge);
    }

    [Fact]
    public async Task V_changes_the_url_but_not_the_rendition_and_is_covered_by_the_signature()
    {
        await using var open = await StartAsync();
        await using var signing = await StartAsync(("Security:SigningKey", Key));

        using var first = await open.Client.GetAsync("/photos/cat.jpg?w=60&v=1");
        using var second = await open.Client.GetAsync("/photos/cat.jpg?w=60&v=2026-12-02.b");
        using var original = await open.Client.GetAsync("/photos/cat.jpg");
        using var versioned = await open.Client.GetAsync("/photos/cat.jpg?v=7");
        using var twice = await open.Client.GetAsync("/photos/cat.jpg?w=60&v=1&v=2");
        using var odd = await open.Client.GetAsync("/photos/cat.jpg?w=60&v=%3Cscript%3E");
        var signed = Signed("cat.jpg", [new("w", "60"), new("v", "1")], null);
        using var signedOk = await signing.Client.GetAsync(signed);
        using var tampered = await signing.Client.GetAsync(signed.Replace("v=1", "v=2", StringComparison.Ordinal));

        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal("hit", ImageResponses.CacheOutcome(second));
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.False(versioned.Headers.Contains(Renditions.TransformEndpoint.CacheHeader), "v alone must be a pass-through");
        Assert.Equal(await original.Content.ReadAsByteArrayAsync(), await versioned.Content.ReadAsByteArrayAsync());
        await ProblemAssert.IsProblemAsync(twice, HttpStatusCode.BadRequest, "invalid-query");
        await ProblemAssert.IsProblemAsync(odd, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Equal(HttpStatusCode.OK, signedOk.StatusCode);
        await ProblemAssert.IsProblemAsync(tampered, HttpStatusCode.Forbidden, "signature-invalid");
    }

    private Task<TestServer> StartAsync(params (string Key, string Value)[] extra)
    {
        var settings = _store.Settings;
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return TestServer.StartAsync(settings);
    }

    private static string Signed(string key, List<KeyValuePair<string, string>> query, DateTimeOffset? expires) =>
        $"/photos/{key}?" + new UrlSignature([Key], TimeProvider.System).Sign(new ObjectAddress("photos", key), query, expires);

    private static bool Varies(HttpResponseMessage response, string header) =>
        response.Headers.Vary.Any(value => value.Equals(header, StringComparison.OrdinalIgnoreCase));

    /// <summary>Debian's Varnish in front of a server: its default VCL (cache GETs by URL, honour Vary
    /// and Cache-Control), on a free port, stopped by PID.</summary>
    private sealed class Varnish : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _workDirectory;

        private Varnish(Process process, string workDirectory, Uri address) => (_process, _workDirectory, Address) = (process, workDirectory, address);

        public Uri Address { get; }

        public static async Task<Varnish> StartAsync(Uri backend)
        {
            var port = ServerProcess.FreePort();
            var work = Directory.CreateTempSubdirectory("helium-varnish-").FullName;
            var start = new ProcessStartInfo("/usr/sbin/varnishd")
            {
                ArgumentList = { "-F", "-j", "none", "-a", $"127.0.0.1:{port}", "-b", $"{backend.Host}:{backend.Port}", "-n", work, "-s", "malloc,32m", "-p", "default_ttl=60" },
                // Its log goes to the test's own output: read by no one, so it must not be a pipe that fills.
                RedirectStandardOutput = false,
                RedirectStandardError = false,
            };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("varnishd is not installed: apt-get install -y varnish", e);
            }

            var varnish = new Varnish(process, work, new Uri($"http://127.0.0.1:{port}"));
            using var probe = ServerClient.For(varnish.Address, TimeSpan.FromSeconds(2));
            for (var attempt = 0; attempt < 100; attempt++)
            {
                try
                {
                    using var health = await probe.GetAsync("/healthz");
                    return varnish;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Assert.False(process.HasExited, $"varnishd exited with {(process.HasExited ? process.ExitCode : 0)}");
                    await Task.Delay(100);
                }
            }

            await varnish.DisposeAsync();
            throw new InvalidOperationException("varnishd did not start listening");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Directory.Delete(_workDirectory, recursive: true);
        }
    }
}
