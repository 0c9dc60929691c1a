using System.Diagnostics;
using System.Net;
using Helium.Imager.Addressing;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.Security;

namespace Helium.Imager.IntegrationTests;

/// <summary>Signed URLs, presets-only mode and CORS over real HTTP (FileSystem store).</summary>
public sealed class SecurityTests : IAsyncLifetime
{
    private const string Key = "test-signing-key-0123456789abcdef";
    private const string OldKey = "old-signing-key-0123456789abcdef";
    private readonly string _store = Directory.CreateTempSubdirectory("helium-sec-").FullName;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_store, "photos"));
        Directory.CreateDirectory(Path.Combine(_store, "assets"));
        File.Copy(Fixture.Path("raster/Landscape_1.jpg"), Path.Combine(_store, "photos", "with space.jpg"));
        File.Copy(Fixture.Path("raster/Landscape_1.jpg"), Path.Combine(_store, "assets", "logo.jpg"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_store, recursive: true);
        return Task.CompletedTask;
    }

    private Task<TestServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Store:Root"] = _store, ["Cache:Root"] = Path.Combine(_store, ".cache"), ["Presets:small"] = "w=50" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return TestServer.StartAsync(all);
    }

    private static string Signed(string query, string key = Key, DateTimeOffset? expires = null)
    {
        var pairs = query.Length == 0 ? [] : query.Split('&').Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1])).ToList();
        return "/photos/with%20space.jpg?" + new UrlSignature([key], TimeProvider.System).Sign(new ObjectAddress("photos", "with space.jpg"), pairs, expires);
    }

    [Fact]
    public async Task With_a_key_every_url_must_be_signed_pass_through_included()
    {
        await using var server = await StartAsync(("Security:SigningKey", Key));

        using var unsigned = await server.Client.GetAsync("/photos/with%20space.jpg?w=100");
        using var signed = await server.Client.GetAsync(Signed("w=100"));
        using var tampered = await server.Client.GetAsync(Signed("w=100").Replace("w=100", "w=101", StringComparison.Ordinal));
        using var expired = await server.Client.GetAsync(Signed("w=100", expires: DateTimeOffset.UtcNow.AddSeconds(-5)));
        using var current = await server.Client.GetAsync(Signed("w=100", expires: DateTimeOffset.UtcNow.AddMinutes(5)));
        using var passThrough = await server.Client.GetAsync("/photos/with%20space.jpg");

        await ProblemAssert.IsProblemAsync(unsigned, HttpStatusCode.Forbidden, "signature-required");
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        await ProblemAssert.IsProblemAsync(tampered, HttpStatusCode.Forbidden, "signature-invalid");
        await ProblemAssert.IsProblemAsync(expired, HttpStatusCode.Forbidden, "signature-expired");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        await ProblemAssert.IsProblemAsync(passThrough, HttpStatusCode.Forbidden, "signature-required");
    }

    [Fact]
    public async Task Rotated_keys_all_verify()
    {
        await using var server = await StartAsync(("Security:SigningKeys:0", Key), ("Security:SigningKeys:1", OldKey));

        using var old = await server.Client.GetAsync(Signed("w=90", OldKey));
        using var unknown = await server.Client.GetAsync(Signed("w=90", "some-other-key-0123456789abc"));

        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.Forbidden, "signature-invalid");
    }

    [Fact]
    public async Task A_signed_pass_through_is_served_with_ranges()
    {
        await using var server = await StartAsync(("Security:SigningKey", Key));

        using var signed = await server.Client.GetAsync(Signed(string.Empty));
        using var range = new HttpRequestMessage(HttpMethod.Get, Signed(string.Empty));
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 9);
        using var partial = await server.Client.SendAsync(range);
        using var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/photos/with%20space.jpg"));

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("image/jpeg", signed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(10, (await partial.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.Forbidden, head.StatusCode);
    }

    [Fact]
    public async Task Public_buckets_are_read_without_a_signature_and_the_rest_stay_signed()
    {
        await using var server = await StartAsync(("Security:SigningKey", Key), ("Buckets:Allowed", "photos"), ("Buckets:Public", "assets"));
        await using var presetsOnly = await StartAsync(("Security:SigningKey", Key), ("Buckets:Public", "assets"), ("Security:PresetsOnly", "true"));

        using var original = await server.Client.GetAsync("/assets/logo.jpg");
        using var thumbnail = await server.Client.GetAsync("/assets/logo.jpg?w=60");
        using var forged = await server.Client.GetAsync("/assets/logo.jpg?w=60&sig=AAAA");
        using var privateOriginal = await server.Client.GetAsync("/photos/with%20space.jpg");
        using var privateThumbnail = await server.Client.GetAsync("/photos/with%20space.jpg?w=60");
        using var free = await presetsOnly.Client.GetAsync("/assets/logo.jpg?w=60");
        using var preset = await presetsOnly.Client.GetAsync("/assets/logo.jpg?preset=small");

        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        await ProblemAssert.IsProblemAsync(forged, HttpStatusCode.Forbidden, "signature-invalid");
        await ProblemAssert.IsProblemAsync(privateOriginal, HttpStatusCode.Forbidden, "signature-required");
        await ProblemAssert.IsProblemAsync(privateThumbnail, HttpStatusCode.Forbidden, "signature-required");
        await ProblemAssert.IsProblemAsync(free, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Equal(HttpStatusCode.OK, preset.StatusCode);
    }

    [Fact]
    public async Task The_sign_command_of_the_real_executable_makes_urls_the_server_accepts()
    {
        await using var server = await StartAsync(("Security:SigningKey", Key));
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Helium.Imager.dll"), "sign", "/photos/with space.jpg?thumbnail=60x60&format=png", "--expires-in", "600" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Security__SigningKey"] = Key;
        using var process = Process.Start(start)!;
        var url = (await process.StandardOutput.ReadToEndAsync()).Trim();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
        Assert.Contains("expires=", url, StringComparison.Ordinal);
        using var response = await server.Client.GetAsync(url.Replace(" ", "%20", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Presets_only_accepts_presets_and_format_auto()
    {
        await using var server = await StartAsync(("Security:PresetsOnly", "true"));

        using var free = await server.Client.GetAsync("/photos/with%20space.jpg?w=100");
        using var preset = await server.Client.GetAsync("/photos/with%20space.jpg?preset=small");
        using var auto = await server.Client.GetAsync("/photos/with%20space.jpg?preset=small&format=auto");
        using var png = await server.Client.GetAsync("/photos/with%20space.jpg?preset=small&format=png");

        await ProblemAssert.IsProblemAsync(free, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Equal(HttpStatusCode.OK, preset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, auto.StatusCode);
        await ProblemAssert.IsProblemAsync(png, HttpStatusCode.BadRequest, "invalid-query");
    }

    [Fact]
    public async Task Cors_is_off_by_default_and_answers_listed_origins()
    {
        await using var closed = await StartAsync();
        await using var open = await StartAsync(("Cors:AllowedOrigins", "https://app.example.org, https://admin.example.org"));

        using var none = await closed.Client.SendAsync(WithOrigin(HttpMethod.Get, "https://app.example.org"));
        using var allowed = await open.Client.SendAsync(WithOrigin(HttpMethod.Get, "https://admin.example.org"));
        using var other = await open.Client.SendAsync(WithOrigin(HttpMethod.Get, "https://evil.example.com"));
        var preflight = WithOrigin(HttpMethod.Options, "https://app.example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var preflighted = await open.Client.SendAsync(preflight);

        Assert.False(none.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://admin.example.org", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("X-Imager-Cache", string.Join(",", allowed.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.Ordinal);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.True(preflighted.IsSuccessStatusCode);
        Assert.Equal("https://app.example.org", string.Join(",", preflighted.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task The_retired_sign_pass_through_setting_is_named_in_a_warning()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Root"] = _store,
            ["Cache:Root"] = Path.Combine(_store, ".cache"),
            ["Security:SigningKey"] = Key,
            ["Security:SignPassThrough"] = "false",
        });

        using var unsigned = await server.Client.GetAsync("/photos/with%20space.jpg");
        bool Warned() => server.Output.Any(line => line.Contains("Security:SignPassThrough is no longer read", StringComparison.Ordinal));
        for (var wait = 0; wait < 50 && !Warned(); wait++)
        {
            await Task.Delay(100);
        }

        await ProblemAssert.IsProblemAsync(unsigned, HttpStatusCode.Forbidden, "signature-required");
        Assert.True(Warned(), string.Join('\n', server.Output));
    }

    [Fact]
    public async Task A_short_signing_key_refuses_to_start()
    {
        var error = await Record.ExceptionAsync(() => StartAsync(("Security:SigningKey", "short")));

        var failures = HeliumServer.SettingsFailures(error!);
        Assert.Contains("Security:SigningKey", string.Join(" ", failures), StringComparison.Ordinal);
        Assert.DoesNotContain("short", string.Join(" ", failures).Replace("Security", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static HttpRequestMessage WithOrigin(HttpMethod method, string origin)
    {
        var request = new HttpRequestMessage(method, "/photos/with%20space.jpg");
        request.Headers.Add("Origin", origin);
        return request;
    }
}
