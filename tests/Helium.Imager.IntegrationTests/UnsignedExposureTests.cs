using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Helium.Imager.IntegrationTests;

/// <summary>A private (S3) store is not offered to the network without signatures: the real executable
/// refuses to start on a non-loopback address with no signing key, unless Security:AllowUnsigned says
/// the administrator means it. No test here listens beyond loopback: the refusal comes before any port
/// opens, and the accepted cases are checked without starting.</summary>
public sealed class UnsignedExposureTests
{
    private static readonly string[] S3 = ["--Store:Kind=S3", "--S3:ServiceUrl=http://127.0.0.1:1", "--S3:AccessKey=a", "--S3:SecretKey=topsecret", "--Cache:Bucket=renditions"];

    public static TheoryData<string, string[], string, string> NetworkAddresses => new()
    {
        { "--urls on every interface", ["--urls=http://0.0.0.0:18080"], "", "" },
        { "ASPNETCORE_URLS on every IPv6 interface", [], "ASPNETCORE_URLS", "http://[::]:18080" },
        { "ASPNETCORE_HTTP_PORTS (the container images' way)", [], "ASPNETCORE_HTTP_PORTS", "18080" },
        { "loopback and a host name", ["--urls=http://127.0.0.1:18080;http://imager.example.org:18081"], "", "" },
    };

    [Theory]
    [MemberData(nameof(NetworkAddresses))]
    public async Task The_real_executable_refuses_a_network_address_without_a_key(string given, string[] arguments, string variable, string value)
    {
        var environment = variable.Length > 0 ? new Dictionary<string, string> { [variable] = value } : null;

        var (exitCode, errors, _) = await ServerProcess.RunToExitAsync([.. S3, .. arguments], environment);

        Assert.True(exitCode == 2, $"{given}: exit code {exitCode}, {errors}");
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Security:SigningKey", line, StringComparison.Ordinal);
        Assert.Contains("Security:AllowUnsigned", line, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_executable_serves_an_s3_store_unsigned_on_loopback()
    {
        await using var server = await ServerProcess.StartAsync(S3.Select(a => a[2..].Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]));

        using var health = await server.Client.GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("S3", "Security:SigningKey", "a-signing-key-of-some-length", true)]
    [InlineData("S3", "Security:AllowUnsigned", "true", true)]
    [InlineData("S3", "Security:AllowUnsigned", "false", false)]
    [InlineData("FileSystem", "Security:AllowUnsigned", "false", true)]
    public async Task On_every_interface_a_key_or_the_administrators_word_is_needed_for_s3(string store, string key, string value, bool accepted)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Kind"] = store,
            ["S3:ServiceUrl"] = "http://127.0.0.1:1",
            ["S3:AccessKey"] = "a",
            ["S3:SecretKey"] = "b",
            ["Cache:Bucket"] = "renditions",
            ["urls"] = "http://0.0.0.0:18080",
            [key] = value,
        };
        await using var app = HeliumServer.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));

        var check = Record.Exception(() => app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value);

        Assert.True(accepted == (check is null), check?.Message);
    }
}
