using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>A real Prometheus (Debian's prometheus) on 127.0.0.1 with a given configuration folder,
/// its data in a temporary folder, stopped by PID.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private PrometheusServer(Process process, string data, HttpClient client)
    {
        _process = process;
        _data = data;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<PrometheusServer> StartAsync(string configFile)
    {
        Assert.True(File.Exists("/usr/bin/prometheus"), "prometheus is missing: apt-get install prometheus (tests/run-all.sh installs it)");
        var port = ServerProcess.FreePort();
        var data = Directory.CreateTempSubdirectory("helium-prometheus-").FullName;
        var start = new ProcessStartInfo("/usr/bin/prometheus")
        {
            ArgumentList = { $"--config.file={configFile}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, data, ServerClient.For(new Uri($"http://127.0.0.1:{port}")));
        for (var i = 0; i < 100 && !process.HasExited; i++)
        {
            try
            {
                using var ready = await server.Client.GetAsync("/-/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("prometheus did not become ready");
    }

    /// <summary>The result vector of an instant query.</summary>
    public async Task<JsonElement> QueryAsync(string query)
    {
        using var answer = await Client.GetFromJsonAsync<JsonDocument>($"/api/v1/query?query={Uri.EscapeDataString(query)}");
        Assert.Equal("success", answer!.RootElement.GetProperty("status").GetString());
        return answer.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>The rules it loaded, each as (name, health).</summary>
    public async Task<List<(string Name, string Health)>> RulesAsync()
    {
        using var answer = await Client.GetFromJsonAsync<JsonDocument>("/api/v1/rules");
        return answer!.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(group => group.GetProperty("rules").EnumerateArray())
            .Select(rule => (rule.GetProperty("name").GetString()!, rule.GetProperty("health").GetString()!))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
