using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests;

/// <summary>A decode in a helper process has its own budget apart from the client's deadline: a time
/// (Limits:DecodeTimeout) and a memory ceiling (Limits:DecodeMemoryBytes, RLIMIT_DATA). Beyond either
/// the request is a 422 that names the budget, and the next request is served as before.</summary>
public sealed class DecoderBudgetTests : IDisposable
{
    private readonly FolderStore _store = new("budget");

    public void Dispose() => _store.Delete();

    [Fact]
    public async Task A_decode_beyond_the_decode_timeout_is_422_naming_it_and_the_helper_is_replaced()
    {
        _store.Add("docs", "pdf/pdflatex-4-pages.pdf", "paper.pdf");
        var settings = _store.Settings;
        settings["Limits:DecodeTimeout"] = "00:00:00.050";
        await using var server = await TestServer.StartAsync(settings);

        using var costly = await server.Client.GetAsync("/docs/paper.pdf?w=4000&format=png");
        await ProblemAssert.IsProblemAsync(costly, HttpStatusCode.UnprocessableEntity, "unprocessable-source");
        Assert.Contains("Limits:DecodeTimeout", await costly.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        settings["Limits:DecodeTimeout"] = "00:00:10";
        await using var patient = await TestServer.StartAsync(settings);
        using var same = await patient.Client.GetAsync("/docs/paper.pdf?w=4000&format=png");
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
    }

    [Fact]
    public async Task A_decode_beyond_the_memory_ceiling_is_422_naming_it()
    {
        // 5000 x 5000 at 16 bits: 50 MB of pixels, which GDCM reads whole and the worker copies. Labelled
        // MR, whose rescale GDCM reads its own way, so that the worker decodes it (an uncompressed grey
        // frame of another class is read in the server's process, under no decoder's ceiling).
        var large = await Dcmtk.ModifyAsync(DicomWriter.MultiFrameGrey(5000, 5000, 1), "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.4");
        await File.WriteAllBytesAsync(Path.Combine(_store.Bucket("scans"), "large.dcm"), large);
        var settings = _store.Settings;
        settings["Limits:DecodeMemoryBytes"] = "134217728";
        await using (var tight = await TestServer.StartAsync(settings))
        {
            using var refused = await tight.Client.GetAsync("/scans/large.dcm?w=190");
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "unprocessable-source");
            var detail = await refused.Content.ReadAsStringAsync();
            Assert.True(detail.Contains("Limits:DecodeMemoryBytes", StringComparison.Ordinal), detail);
            using var health = await tight.Client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        settings.Remove("Limits:DecodeMemoryBytes");
        await using var roomy = await TestServer.StartAsync(settings);
        using var served = await roomy.Client.GetAsync("/scans/large.dcm?w=190");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
