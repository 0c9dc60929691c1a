using System.Diagnostics;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>The radosgw daemon of the tests' cluster (tests/radosgw/start.sh), stopped and started again
/// by a test that needs the store to die: by the PID it recorded, with the command start.sh used. Only
/// for tests that run alone; the monitor and the OSD, and so the objects, stay.</summary>
public static class RadosgwDaemon
{
    private static string Folder => Environment.GetEnvironmentVariable("RGW_DIR") is { Length: > 0 } folder ? folder : "/tmp/helium-rgw";

    public static async Task KillAsync()
    {
        var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(Folder, "run", "client.rgw.pid"))).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var daemon = Process.GetProcessById(pid);
        daemon.Kill(); // SIGKILL: a store that dies, not one that shuts down politely
        await daemon.WaitForExitAsync();
    }

    /// <summary>Starts it again and waits until it answers S3 requests.</summary>
    public static async Task StartAsync()
    {
        using (var start = Process.Start("radosgw", ["-c", Path.Combine(Folder, "ceph.conf"), "-n", "client.rgw"]))
        {
            await start.WaitForExitAsync(); // it forks into the background
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                using var answer = await client.GetAsync(Radosgw.Url);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(500);
            }
        }

        throw new InvalidOperationException("radosgw did not come back within a minute");
    }
}
