using System.Diagnostics;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>HAProxy (Debian's haproxy) in the foreground with a given configuration, stopped by PID.</summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _config;

    private HaproxyProcess(Process process, string config, Uri baseAddress)
    {
        _process = process;
        _config = config;
        Client = ServerClient.For(baseAddress);
    }

    public HttpClient Client { get; }

    public static async Task<HaproxyProcess> StartAsync(string configuration, int port)
    {
        Assert.True(File.Exists("/usr/sbin/haproxy"), "haproxy is missing: apt-get install haproxy (tests/run-all.sh installs it)");
        var config = Path.Combine(Path.GetTempPath(), $"helium-haproxy-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(config, configuration);
        var start = new ProcessStartInfo("/usr/sbin/haproxy") { ArgumentList = { "-f", config, "-db" }, RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new HaproxyProcess(process, config, new Uri($"http://127.0.0.1:{port}"));
        if (await ServerClient.WaitForHealthAsync(proxy.Client, process))
        {
            return proxy;
        }

        await proxy.DisposeAsync();
        throw new InvalidOperationException("haproxy did not start or found no server up");
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
        File.Delete(_config);
    }
}
