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
        CopyCheckout(Repository.Root, checkout);
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

        await UrlsAreSignedWithTheInstalledKeyAsync(Setting("EnvironmentFile"), Setting("ExecStart"));
        await AnUpgradeCanBeRolledBackAsync(checkout, prefix, Setting("ExecStart"));
    }

    /// <summary>The README's command for signing on the installed host: the key read from the
    /// environment file (quoted, as the README asks) gives the signature the server expects.</summary>
    private static async Task UrlsAreSignedWithTheInstalledKeyAsync(string environmentFile, string executable)
    {
        const string Key = "k3y+with/base64=";
        await File.AppendAllTextAsync(environmentFile, $"Security__SigningKey=\"{Key}\"\n");
        var (code, signed) = await RunAsync("sh", "-c", $"set -a; . {environmentFile}; exec {executable} sign '/photos/cat.jpg?w=200'");
        Assert.True(code == 0, signed);
        var (_, _, expected) = await ServerProcess.RunToExitAsync(["sign", "/photos/cat.jpg?w=200"], new Dictionary<string, string> { ["Security__SigningKey"] = Key });
        Assert.Contains("&sig=", expected, StringComparison.Ordinal);
        Assert.Equal(expected.Trim(), signed.Trim());
    }

    /// <summary>A second install keeps the first program; --rollback puts it back, and a second
    /// --rollback returns to the newer one. The newer program is the installed one with a marker file,
    /// so that the test can tell the two apart without building twice.</summary>
    private async Task AnUpgradeCanBeRolledBackAsync(string checkout, string prefix, string executable)
    {
        var script = Path.Combine(checkout, "deploy/debian/install.sh");
        var app = Path.GetDirectoryName(executable)!;
        var (refused, why) = await RunAsync("sh", script, "--prefix", Path.Combine(_work, "empty"), "--rollback");
        Assert.True(refused != 0 && why.Contains("no previous version", StringComparison.Ordinal), why);

        var upgrade = Path.Combine(_work, "upgrade");
        FolderCopy.Copy(app, upgrade);
        await File.WriteAllTextAsync(Path.Combine(upgrade, "MARKER"), "the newer program");
        var (installed, installLog) = await RunAsync("sh", script, "--prefix", prefix, "--no-start", "--from", upgrade);
        Assert.True(installed == 0, installLog);
        Assert.True(File.Exists(Path.Combine(app, "MARKER")), installLog);
        Assert.False(File.Exists(Path.Combine(app + ".previous", "MARKER")), installLog);
        Assert.Contains("--rollback puts it back", installLog, StringComparison.Ordinal);

        var (rolledBack, rollbackLog) = await RunAsync("sh", script, "--prefix", prefix, "--no-start", "--rollback");
        Assert.True(rolledBack == 0, rollbackLog);
        Assert.False(File.Exists(Path.Combine(app, "MARKER")), rollbackLog);
        Assert.True(File.Exists(Path.Combine(app + ".previous", "MARKER")), rollbackLog);
        Assert.Matches(@"rolled back to helium-imager \d+\.\d+\.\d+", rollbackLog);
        var (versionCode, version) = await RunAsync(executable, "--version");
        Assert.True(versionCode == 0 && version.StartsWith("helium-imager ", StringComparison.Ordinal), version);

        var (forward, forwardLog) = await RunAsync("sh", script, "--prefix", prefix, "--no-start", "--rollback");
        Assert.True(forward == 0, forwardLog);
        Assert.True(File.Exists(Path.Combine(app, "MARKER")), forwardLog);
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
            FolderCopy.Copy(Path.Combine(from, folder), Path.Combine(to, folder), "bin", "obj");
        }
    }

    private static Task<(int Code, string Output)> RunAsync(string program, params string[] arguments) => ChildProcess.RunAsync([program, .. arguments], timeout: TimeSpan.FromMinutes(5));
}
