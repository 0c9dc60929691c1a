using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests;

/// <summary>Hostile sources stored under innocent names, requested over real HTTP: each gets a clear
/// 4xx, nothing is read or run, and the server goes on serving.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private readonly string _store = Directory.CreateTempSubdirectory("helium-hostile-").FullName;
    private TestServer _server = null!;

    public static TheoryData<string, string> Payloads => new()
    {
        { "mvg-url.jpg", "push graphic-context\nviewbox 0 0 640 480\nfill 'url(https://127.0.0.1/x.jpg\"|touch \"/tmp/helium-pwned)'\npop graphic-context\n" },
        { "mvg-label.png", "push graphic-context\nviewbox 0 0 10 10\nimage over 0,0 0,0 'label:@/etc/passwd'\npop graphic-context\n" },
        { "svg-text.gif", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\"><image xlink:href=\"text:/etc/passwd\" width=\"10\" height=\"10\"/></svg>" },
        { "msl.webp", "<?xml version=\"1.0\"?><image><read filename=\"/etc/passwd\"/><write filename=\"/tmp/helium-pwned.png\"/></image>" },
        { "ps.jpg", "%!PS\n(/etc/passwd) (r) file\nshowpage\n" },
        { "ephemeral.jpg", "ephemeral:/etc/passwd" },
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_store, "uploads"));
        foreach (var row in Payloads)
        {
            await File.WriteAllTextAsync(Path.Combine(_store, "uploads", (string)row[0]), (string)row[1]);
        }

        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Store:Root"] = _store, ["Cache:Root"] = Path.Combine(_store, ".cache") });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_store, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Imagetragick_style_payloads_are_415_and_read_nothing(string name, string payload)
    {
        using var response = await _server.Client.GetAsync($"/uploads/{name}?w=100");
        using var info = await _server.Client.GetAsync($"/uploads/{name}?info=true");
        using var health = await _server.Client.GetAsync("/healthz");

        Assert.NotEmpty(payload);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-source");
        await ProblemAssert.IsProblemAsync(info, HttpStatusCode.UnsupportedMediaType, "unsupported-source");
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/helium-pwned"));
        Assert.False(File.Exists("/tmp/helium-pwned.png"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
