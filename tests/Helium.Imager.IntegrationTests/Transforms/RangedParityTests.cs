using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// Every DICOM fixture through a server that tries every source by range and one that reads every
/// source whole: the same thumbnail of frame 1, and the same <c>?info=true</c>, byte for byte, whatever
/// the encoding (native little- and big-endian, deflated, RLE, JPEG, JPEG-LS, JPEG 2000, colour): what
/// cannot be read by range falls back to the whole object, and what can gives the same answer.
/// </summary>
public sealed class RangedParityTests : IAsyncLifetime
{
    private readonly FolderStore _store = new("ranged-parity");
    private TestServer _byRange = null!;
    private TestServer _whole = null!;

    private static readonly string[] Names = [.. Directory.GetFiles(Fixture.Path("dicom"), "*.dcm").Select(path => Path.GetFileName(path)).Where(name => name != "MR_truncated.dcm")];

    public static TheoryData<string> Fixtures() => new(Names);

    public async Task InitializeAsync()
    {
        foreach (var name in Names)
        {
            _store.Add("scans", "dicom/" + name);
        }

        var settings = _store.Settings;
        settings["Limits:RangedReadAbove"] = "0";
        _byRange = await TestServer.StartAsync(settings);
        settings["Cache:Root"] = Path.Combine(_store.Root, ".cache-whole");
        settings["Limits:RangedReadAbove"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _whole = await TestServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _byRange.DisposeAsync();
        await _whole.DisposeAsync();
        _store.Delete();
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Both_read_the_same(string name)
    {
        foreach (var query in new[] { "w=64", "info=true" })
        {
            using var ranged = await _byRange.Client.GetAsync($"/scans/{name}?{query}");
            using var whole = await _whole.Client.GetAsync($"/scans/{name}?{query}");
            Assert.Equal(whole.StatusCode, ranged.StatusCode);
            Assert.True(whole.StatusCode == HttpStatusCode.OK, $"{name}?{query}: {(int)whole.StatusCode}");
            Assert.Equal(await whole.Content.ReadAsStringAsync(), await ranged.Content.ReadAsStringAsync());
        }
    }
}
