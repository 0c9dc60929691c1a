using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Helium.Imager.Diagnostics;
using Helium.Imager.IntegrationTests.Infrastructure;
using ImageMagick;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Helium.Imager.IntegrationTests;

/// <summary>One client cannot starve the rest: over real HTTP, clients told apart by the address they
/// connect from (127.0.0.1 and 127.0.0.2 are both this machine) or, behind a known proxy, by the
/// address it forwards.</summary>
public sealed class FairShareTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _store = Directory.CreateTempSubdirectory("helium-fair-").FullName;

    public async Task InitializeAsync()
    {
        var photos = Directory.CreateDirectory(Path.Combine(_store, "photos")).FullName;

        // A 24-megapixel JPEG; crops of it are decoded at full size, a few hundred ms each.
        using var big = new MagickImage(Fixture.Path("raster/Landscape_1.jpg"));
        big.Resize(new MagickGeometry(6000, 4000) { IgnoreAspectRatio = true });
        big.Quality = 90;
        await big.WriteAsync(Path.Combine(photos, "big.jpg"), MagickFormat.Jpeg);
        File.Copy(Fixture.Path("raster/Landscape_3.jpg"), Path.Combine(photos, "small.jpg"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_store, recursive: true);
        return Task.CompletedTask;
    }

    private Task<TestServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Store:Root"] = _store,
            ["Cache:Root"] = Path.Combine(_store, ".cache-" + Guid.NewGuid().ToString("N")),
            ["Cache:MemoryBytes"] = "0",
            ["Limits:MaxConcurrentTransforms"] = "2",
            ["Limits:QueueLength"] = "64",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return TestServer.StartAsync(all);
    }

    private static string Slow(int i) => $"/photos/big.jpg?crop=0,0,5000,3500&w={100 + i}";

    [Fact]
    public async Task While_one_client_floods_another_gets_its_new_thumbnail_within_a_second()
    {
        await using var server = await StartAsync();
        using var flooder = ClientFrom(server.BaseAddress, "127.0.0.2");

        var clock = Stopwatch.StartNew();
        var flood = Enumerable.Range(0, 150).Select(async i =>
        {
            var response = await flooder.GetAsync(Slow(i));
            return (Response: response, Done: clock.Elapsed);
        }).ToList();
        // Alone, the flooder holds its share and no more: one of the two slots, 16 of the 64 queue places.
        var metrics = server.Services.GetRequiredService<HeliumMetrics>();
        var (running, queued) = (0.0, 0.0);
        for (var sample = 0; sample < 30; sample++)
        {
            await Task.Delay(10);
            (running, queued) = (Math.Max(running, metrics.TransformsInFlight.Value), Math.Max(queued, metrics.TransformsQueued.Value));
        }

        Assert.Equal((1, 16), (running, queued));
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var started = clock.Elapsed;
            using var thumbnail = await server.Client.GetAsync($"/photos/small.jpg?thumbnail={130 + i}x{130 + i}");
            latencies.Add(clock.Elapsed - started);
            Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
            Assert.Equal("miss", thumbnail.Headers.GetValues("X-Imager-Cache").Single());
        }

        var othersDone = clock.Elapsed;
        var answers = await Task.WhenAll(flood);
        var statuses = answers.GroupBy(a => (int)a.Response.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"flooder (150 distinct renders of a 24 MP JPEG): {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}"))}, last answer at {answers.Max(a => a.Done).TotalMilliseconds:0} ms");
        output.WriteLine($"other client's new thumbnails meanwhile: {string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:0}"))} ms");

        Assert.All(latencies, latency => Assert.True(latency < TimeSpan.FromSeconds(1), $"{latency.TotalMilliseconds:0} ms"));
        Assert.True(answers.Max(a => a.Done) > othersDone, "the flood was over before the other client finished: the test proved nothing");
        Assert.True(statuses.Keys.All(s => s is 200 or 429), string.Join(", ", statuses));
        Assert.True(statuses.GetValueOrDefault(429) > 100, $"only {statuses.GetValueOrDefault(429)} x 429");
        foreach (var (response, _) in answers.Where(a => a.Response.StatusCode == HttpStatusCode.TooManyRequests).Take(3))
        {
            Assert.NotNull(response.Headers.RetryAfter);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests, "client-overloaded");
        }

        foreach (var (response, _) in answers)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Behind_a_known_proxy_clients_are_its_forwarded_addresses_and_unknown_proxies_are_not_believed()
    {
        (string Key, string Value)[] strict = [("Limits:PerClientRenders", "1"), ("Limits:PerClientQueue", "0")];
        await using var proxied = await StartAsync([.. strict, ("ForwardedHeaders:KnownProxies", "127.0.0.1")]);
        await using var direct = await StartAsync(strict);

        var apart = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => proxied.Client.SendAsync(Forwarded(Slow(i), $"198.51.100.{7 + i}"))));
        var same = await Task.WhenAll(Enumerable.Range(2, 4).Select(i => proxied.Client.SendAsync(Forwarded(Slow(i), "198.51.100.7"))));
        var spoofed = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => direct.Client.SendAsync(Forwarded(Slow(i), $"198.51.100.{7 + i}"))));

        Assert.All(apart, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Contains(same, response => response.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Contains(spoofed, response => response.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(await direct.Logs.WaitForAsync(12, TimeSpan.FromSeconds(5)), "the untrusted X-Forwarded-For was not reported");
        Assert.DoesNotContain(proxied.Logs.Entries, entry => entry.EventId == 12);
        foreach (var response in apart.Concat(same).Concat(spoofed))
        {
            response.Dispose();
        }
    }

    private static HttpRequestMessage Forwarded(string path, string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", client);
        return request;
    }

    /// <summary>A client whose connections come from another loopback address.</summary>
    private static HttpClient ClientFrom(Uri baseAddress, string localAddress) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
}
