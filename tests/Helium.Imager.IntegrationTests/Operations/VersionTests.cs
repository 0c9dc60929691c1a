using System.Text.RegularExpressions;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>The release an operator is running, from the one place it is set (Directory.Build.props):
/// printed by <c>--version</c>, in the start-up log line and as <c>helium_build_info</c>.</summary>
public sealed partial class VersionTests
{
    private static string Release =>
        VersionElement().Match(File.ReadAllText(Path.Combine(Repository.Root, "Directory.Build.props"))).Groups[1].Value;

    [Fact]
    public async Task The_version_command_prints_the_release_and_commit()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", Release);
        var (code, errors, output) = await ServerProcess.RunToExitAsync(["--version"]);
        Assert.True(code == 0, errors);
        Assert.Matches($@"^helium-imager {Regex.Escape(Release)}( \(commit [0-9a-f]{{7,12}}\))?\n$", output);
    }

    [Fact]
    public async Task The_running_server_logs_and_exports_its_release()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>());
        Assert.Contains(server.Output, line => line.Contains($"Helium Imager {Release} serving", StringComparison.Ordinal));

        var metrics = await PrometheusSamples.ScrapeAsync(server.Client);
        Assert.Equal(1, metrics[("helium_build_info", $"version=\"{Release}\"")]);
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
