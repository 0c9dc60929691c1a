using System.Diagnostics;
using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>
/// deploy/debian/install.sh on a copy of the repository, into a prefix: it builds the self-contained
/// server, installs it with its settings file and systemd unit; the unit passes systemd's own check;
/// the installed program, started as the unit starts it, serves images, PDF pages and DICOM (its
/// decoder workers started from the installed executable: no `dotnet` is needed on the host).
/// </summary>
[Collection(RunAlone.Name)]
public sealed class DebianInstallTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("helium-install-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_installed_service_serves_the_samples()
    {
        var checkout = Path.Combine(_work, "checkout");
        CopyCheckout(RepositoryRoot(), checkout);
        var prefix = Path.Combine(_work, "root");

        var (code, output) = await RunAsync("sh", Path.Combine(checkout, "deploy/debian/install.sh"), "--prefix", prefix, "--no-start");
        Assert.True(code == 0, output);

        var unitPath = Path.Combine(prefix, "etc/systemd/system/helium-imager.service");
        var unit = File.ReadAllLines(unitPath);
        // tests/run-all.sh installs systemd for it: a unit that systemd cannot read must fail here.
        Assert.True(File.Exists("/usr/bin/systemd-analyze"), "systemd-analyze is missing: apt-get install systemd");
        var (verified, complaints) = await RunAsync("/usr/bin/systemd-analyze", "verify", unitPath);
        Assert.True(verified == 0, complaints);

        string Setting(string name) => unit.Single(line => line.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
        var environment = unit.Where(line => line.StartsWith("Environment=", StringComparison.Ordinal))
            .Select(line => line["Environment=".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.True(File.Exists(Setting("EnvironmentFile")));
        Assert.DoesNotContain(File.ReadAllLines(Setting("EnvironmentFile")), line => line.Length > 0 && !line.StartsWith('#'));
        environment["Cache__Root"] = Path.Combine(_work, "cache"); // The unit's CacheDirectory exists only under systemd.
        Assert.Equal("http://127.0.0.1:9464", environment["Management__Urls"]);
        var management = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        environment["Management__Urls"] = management.ToString().TrimEnd('/'); // Tests run side by side: a free port.

        await using var server = await ServerProcess.StartInstalledAsync(Setting("ExecStart"), Setting("WorkingDirectory"), environment);
        foreach (var (url, type) in new[] { ("/demo/landscape.jpg?w=100", "image/jpeg"), ("/demo/document.pdf?w=100", "image/jpeg"), ("/demo/ct.dcm?w=64", "image/jpeg"), ("/demo/ct.dcm?frame=all&w=64", "image/gif"), ("/demo/flag.png", "image/png") })
        {
            using var response = await server.Client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        using (var scraper = ServerClient.For(management))
        using (var metrics = await scraper.GetAsync("/metrics"))
        using (var publicMetrics = await server.Client.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);
        }

        // The clip (frame=all) was decoded by a DICOM worker of the installed program (one uncompressed
        // frame is read in the server's own process).
        var children = server.ChildCommandLines();
        Assert.True(children.Any(line => line.StartsWith(Setting("ExecStart") + " dicom-worker", StringComparison.Ordinal)), "children: " + string.Join(" | ", children));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Helium.Imager.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Not inside a checkout of the repository.");
    }

    /// <summary>What a build needs, without build outputs: the install script's build then cannot
    /// disturb the tests' own binaries.</summary>
    private static void CopyCheckout(string from, string to)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            Directory.CreateDirectory(to);
            File.Copy(Path.Combine(from, file), Path.Combine(to, file));
        }

        foreach (var folder in new[] { "src", "deploy" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(from, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
                File.Copy(file, Path.Combine(to, relative));
            }
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
