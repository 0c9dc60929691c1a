using System.Net;
using System.Net.Sockets;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.PassThrough;

/// <summary>What clients get when the store is down, slow, or refuses the server's credentials.</summary>
public sealed class StoreFailureTests
{
    [Fact]
    public async Task An_unreachable_store_is_502_and_not_ready()
    {
        var port = FreePort();
        var settings = Radosgw.ServerSettings("photos");
        settings["S3:ServiceUrl"] = $"http://127.0.0.1:{port}";
        await using var server = await TestServer.StartAsync(settings);

        using var response = await server.Client.GetAsync("/photos/cat.jpg");
        using var ready = await server.Client.GetAsync("/readyz");
        using var health = await server.Client.GetAsync("/healthz");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "store-unavailable");
        await ProblemAssert.IsProblemAsync(ready, HttpStatusCode.ServiceUnavailable, "not-ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_store_that_accepts_but_never_answers_is_504_after_the_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptSocketAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var settings = Radosgw.ServerSettings("photos");
        settings["S3:ServiceUrl"] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        settings["S3:Timeout"] = "00:00:01";
        await using var server = await TestServer.StartAsync(settings);

        using var response = await server.Client.GetAsync("/photos/cat.jpg");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout, "store-timeout");
        await stop.CancelAsync();
        await acceptLoop;
        accepted.ForEach(socket => socket.Dispose());
    }

    [Fact]
    public async Task The_store_checks_signatures_so_a_wrong_secret_is_refused()
    {
        using var s3 = Radosgw.CreateClient();
        var bucket = Radosgw.UniqueBucket("sig");
        await Radosgw.CreateBucketAsync(s3, bucket);
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "a.txt", ContentBody = "a" });
        var settings = Radosgw.ServerSettings(bucket);
        settings["S3:SecretKey"] = "definitely-not-the-secret";
        await using var server = await TestServer.StartAsync(settings);

        using var response = await server.Client.GetAsync($"/{bucket}/a.txt");
        using var ready = await server.Client.GetAsync("/readyz");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "store-denied");
        Assert.DoesNotContain("definitely-not-the-secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(ready, HttpStatusCode.ServiceUnavailable, "not-ready");
    }

    [Fact]
    public async Task An_allowed_bucket_missing_from_the_store_is_404_and_not_ready()
    {
        var bucket = Radosgw.UniqueBucket("absent");
        await using var server = await TestServer.StartAsync(Radosgw.ServerSettings(bucket));

        using var response = await server.Client.GetAsync($"/{bucket}/a.txt");
        using var ready = await server.Client.GetAsync("/readyz");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsProblemAsync(ready, HttpStatusCode.ServiceUnavailable, "not-ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
