using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.S3.Model;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>Faults the real executable survives: clients that hold connections open by trickling their
/// headers, and a cache bucket that disappears while it serves.</summary>
[Collection(RunAlone.Name)]
public sealed class FaultTests
{
    [Fact]
    public async Task Five_hundred_slow_connections_leave_an_ordinary_client_its_thumbnail_within_a_second()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?> { ["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:03" });
        var slow = new List<Socket>();
        try
        {
            for (var i = 0; i < 500; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, server.BaseAddress.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET /demo/landscape.jpg?thumbnail=50x50 HTTP/1.1\r\nHost: imager\r\n"));
                slow.Add(socket);
            }

            using var trickling = new CancellationTokenSource();
            var trickle = Task.Run(async () =>
            {
                while (!trickling.IsCancellationRequested)
                {
                    foreach (var socket in slow)
                    {
                        try
                        {
                            await socket.SendAsync(Encoding.ASCII.GetBytes("X"));
                        }
                        catch (SocketException)
                        {
                            // Closed by the server: what the header timeout is for.
                        }
                    }

                    await Task.Delay(250);
                }
            });

            var latencies = new List<TimeSpan>();
            for (var i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                using var thumbnail = await server.Client.GetAsync($"/demo/landscape.jpg?thumbnail={120 + i}x120");
                latencies.Add(clock.Elapsed);
                Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
            }

            await trickling.CancelAsync();
            await trickle;
            Assert.All(latencies, latency => Assert.True(latency < TimeSpan.FromSeconds(1), $"{latency.TotalMilliseconds:0} ms"));

            // Within the header timeout and a margin, the server has closed every one of them.
            var closed = await Task.WhenAll(slow.Select(socket => ClosedWithinAsync(socket, TimeSpan.FromSeconds(8))));
            Assert.Equal(500, closed.Count(c => c));
        }
        finally
        {
            slow.ForEach(socket => socket.Dispose());
        }
    }

    [Fact]
    public async Task With_the_cache_bucket_deleted_renditions_are_still_served_and_the_failures_counted()
    {
        using var s3 = Radosgw.CreateClient();
        var (bucket, cache) = await Radosgw.CreateSourceAndCacheAsync(s3, "faults");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "scan.jpg", FilePath = Fixture.Path("raster/Landscape_1.jpg") });
        var settings = Radosgw.ServerSettings(bucket);
        settings["Cache:Bucket"] = cache;
        settings["Cache:MemoryBytes"] = "0";
        await using var server = await ServerProcess.StartAsync(settings);

        using var stored = await server.Client.GetAsync($"/{bucket}/scan.jpg?thumbnail=80x80");
        await ServerClient.CacheWritesSettledAsync(server.Client);
        var objects = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = cache })).S3Objects ?? [];
        await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = cache, Objects = [.. objects.Select(o => new KeyVersion { Key = o.Key })] });
        await s3.DeleteBucketAsync(cache);
        using var again = await server.Client.GetAsync($"/{bucket}/scan.jpg?thumbnail=80x80");
        using var fresh = await server.Client.GetAsync($"/{bucket}/scan.jpg?thumbnail=81x81");
        await ServerClient.CacheWritesSettledAsync(server.Client);
        var metrics = await PrometheusSamples.ScrapeAsync(server.Client);

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Single(objects);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(2, metrics.Total("helium_cache_store_failures_total"));
    }

    /// <summary>True when the server ends the connection (end of stream or reset) within the time.</summary>
    private static async Task<bool> ClosedWithinAsync(Socket socket, TimeSpan time)
    {
        using var deadline = new CancellationTokenSource(time);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, deadline.Token) > 0)
            {
                // A 408 before the close is fine.
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
