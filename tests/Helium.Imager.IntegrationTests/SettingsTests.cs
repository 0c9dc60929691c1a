using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests;

/// <summary>Bad settings stop the server at start-up with a message naming the key.</summary>
public sealed class SettingsTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Store:Kind", "Nope", "Store:Kind" },
        { "Store:Root", "/no/such/folder/anywhere", "Store:Root" },
        { "Buckets:Allowed", "ok-bucket,Bad_Bucket", "Buckets:Allowed" },
        { "Renderers:VipsThreads", "0", "Renderers:VipsThreads" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_value_refuses_to_start_and_names_the_key(string key, string value, string named)
    {
        var error = await Record.ExceptionAsync(() => TestServer.StartAsync(new Dictionary<string, string?> { [key] = value }));

        var failures = HeliumServer.SettingsFailures(error!);
        Assert.Single(failures);
        Assert.Contains(named, failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warm_rules_must_name_presets_that_exist_and_need_the_events_token()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Buckets:Allowed"] = "photos",
            ["Presets:thumb"] = "thumbnail=100x100",
            ["Warm:Rules:new:Bucket"] = "photos",
            ["Warm:Rules:new:Presets"] = "thumb,poster",
            ["Warm:Rules:other:Bucket"] = "elsewhere",
            ["Warm:Rules:other:Presets"] = "thumb",
        };

        var withoutToken = HeliumServer.SettingsFailures((await Record.ExceptionAsync(() => TestServer.StartAsync(settings)))!);
        settings["Events:Token"] = "short";
        var withShortToken = HeliumServer.SettingsFailures((await Record.ExceptionAsync(() => TestServer.StartAsync(settings)))!);

        Assert.Contains(withoutToken, failure => failure.Contains("Events:Token is not", StringComparison.Ordinal));
        Assert.Contains(withShortToken, failure => failure.Contains("Events:Token must be at least 16", StringComparison.Ordinal));
        Assert.Contains(withShortToken, failure => failure.Contains("Warm:Rules:new:Presets names 'poster'", StringComparison.Ordinal));
        Assert.Contains(withShortToken, failure => failure.Contains("Warm:Rules:other:Bucket 'elsewhere' is not in Buckets:Allowed", StringComparison.Ordinal));
        Assert.DoesNotContain(withShortToken, failure => failure.Contains("'thumb'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("S3:ServiceUrl", "not a url")]
    [InlineData("S3:AccessKey", "")]
    [InlineData("S3:SecretKey", "")]
    public async Task S3_mode_requires_endpoint_and_credentials(string key, string value)
    {
        var settings = Radosgw.ServerSettings("photos");
        settings[key] = value;

        var error = await Record.ExceptionAsync(() => TestServer.StartAsync(settings));

        var message = string.Join(" ", HeliumServer.SettingsFailures(error!));
        Assert.Contains(key, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Radosgw.SecretKey, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_executable_exits_with_one_line_naming_the_key()
    {
        var (exitCode, stderr, _) = await ServerProcess.RunToExitAsync(
            ["--Store:Kind=S3", "--S3:ServiceUrl=http://127.0.0.1:1", "--S3:AccessKey=a", "--S3:SecretKey=topsecret", "--S3:Timeout=-00:00:01", "--urls=http://127.0.0.1:0"]);

        Assert.Equal(2, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("S3:Timeout", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_settings_serve_the_shipped_samples()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>());

        using var response = await server.Client.GetAsync("/demo/landscape.jpg");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
    }
}
