using System.Net;
using System.Text.Json;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>The real executable as an operator runs it: its log lines on stdout, and SIGTERM.</summary>
[Collection(RunAlone.Name)]
public sealed class ProcessLifecycleTests : IAsyncLifetime
{
    private const string Key = "Patient Jane Doe/scan.jpg";
    private readonly string _store = Directory.CreateTempSubdirectory("helium-process-").FullName;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_store, "photos", "Patient Jane Doe"));
        File.Copy(Fixture.Path("raster/Landscape_1.jpg"), Path.Combine(_store, "photos", Key));
        var big = new byte[48 * 1024 * 1024];
        new Random(7).NextBytes(big);
        await File.WriteAllBytesAsync(Path.Combine(_store, "photos", "big.bin"), big);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_store, recursive: true);
        return Task.CompletedTask;
    }

    private Task<ServerProcess> StartAsync(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Root"] = _store,
            ["Cache:Root"] = Path.Combine(_store, ".cache"),
            ["Security:SigningKey"] = "a-signing-key-of-some-length",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return ServerProcess.StartAsync(settings);
    }

    [Fact]
    public async Task Each_request_is_one_json_line_without_keys_or_signatures()
    {
        await using var server = await StartAsync();
        var url = SignedUrl("/photos/Patient%20Jane%20Doe/scan.jpg?w=80");
        using (var response = await server.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var health = await server.Client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var request = await WaitForRequestLineAsync(server);
        var state = request.GetProperty("State");
        Assert.Equal("GET", state.GetProperty("Method").GetString());
        Assert.StartsWith("/photos/#", state.GetProperty("Path").GetString(), StringComparison.Ordinal);
        Assert.Equal("w=80&sig=redacted", state.GetProperty("Query").GetString());
        Assert.Equal(200, state.GetProperty("Status").GetInt32());
        Assert.Equal("transform-miss", state.GetProperty("Kind").GetString());
        Assert.True(state.GetProperty("DurationMs").GetDouble() > 0);
        Assert.True(state.GetProperty("Bytes").GetInt64() > 0);

        var log = string.Join('\n', server.Output);
        Assert.DoesNotContain("Jane", log, StringComparison.Ordinal);
        Assert.DoesNotContain(url[(url.IndexOf("sig=", StringComparison.Ordinal) + 4)..], log, StringComparison.Ordinal);
        Assert.DoesNotContain("a-signing-key-of-some-length", log, StringComparison.Ordinal);
        Assert.DoesNotContain("/healthz", log, StringComparison.Ordinal); // probes are logged at Debug only
        Assert.All(server.Output, line => JsonDocument.Parse(line).Dispose());
    }

    [Fact]
    public async Task Plain_keys_and_a_human_format_can_be_chosen()
    {
        await using var server = await StartAsync(("RequestLog:Keys", "Plain"), ("Logging:Console:FormatterName", "simple"));
        using (var response = await server.Client.GetAsync(SignedUrl("/photos/Patient%20Jane%20Doe/scan.jpg?w=81")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.Output.Any(line => line.Contains("GET /photos/" + Key, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(server.Output, line => line.Contains("GET /photos/" + Key + " w=81&sig=redacted -> 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigterm_lets_a_request_in_flight_finish_then_exits_cleanly()
    {
        await using var server = await StartAsync(("Buckets:Public", "photos"), ("Shutdown:GracePeriod", "00:00:20"));
        using var response = await server.Client.GetAsync("/photos/big.bin", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        var received = (long)await body.ReadAsync(buffer);

        server.Terminate();
        await Task.Delay(1500); // The client is slow: the server must wait for it, not cut it off.
        using (var probe = ServerClient.For(server.BaseAddress, TimeSpan.FromSeconds(5)))
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => probe.GetAsync("/healthz"));
        }

        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            received += read;
        }

        Assert.Equal(48 * 1024 * 1024, received);
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(20)), "the server did not exit after SIGTERM");
        Assert.Equal(0, server.ExitCode);
    }

    [Fact]
    public async Task Sigterm_cuts_requests_off_after_the_grace_period()
    {
        await using var server = await StartAsync(("Buckets:Public", "photos"), ("Shutdown:GracePeriod", "00:00:01"));
        using var response = await server.Client.GetAsync("/photos/big.bin", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        _ = await body.ReadAsync(buffer);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        server.Terminate();
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(15)), "the server did not exit after its grace period");
        Assert.InRange(stopping.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
    }

    private static string SignedUrl(string pathAndQuery)
    {
        var output = new StringWriter();
        var code = Helium.Imager.Security.SignCommand.Run(["--Security:SigningKey=a-signing-key-of-some-length", pathAndQuery], output, new StringWriter());
        Assert.Equal(0, code);
        return output.ToString().Trim();
    }

    private static async Task<JsonElement> WaitForRequestLineAsync(ServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in server.Output.Where(l => l.StartsWith('{')))
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.GetProperty("EventId").GetInt32() == 40)
                {
                    return document.RootElement.Clone();
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No request line was logged: " + string.Join('\n', server.Output));
    }
}
