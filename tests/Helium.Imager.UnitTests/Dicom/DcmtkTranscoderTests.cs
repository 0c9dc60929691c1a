using System.Diagnostics;
using Helium.Imager.Core.Dicom;

namespace Helium.Imager.UnitTests.Dicom;

/// <summary>dcmtk's converters as the second way in (Debian's dcmtk, which the test run installs).</summary>
public sealed class DcmtkTranscoderTests : IDisposable
{
    private const string Deflated = "1.2.840.10008.1.2.1.99";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("helium-dcmtk-test-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task A_deflated_file_is_rewritten_uncompressed_within_the_bound_and_stopped_past_it()
    {
        var deflated = await DeflatedMrAsync();
        var output = Path.Combine(_folder.FullName, "out.dcm");
        var transcoder = new DcmtkTranscoder();

        // MR_small's pixel data alone is 8 KiB: a 4 KiB bound stops the converter part-way.
        Assert.False(await transcoder.TranscodeAsync(deflated, output, Deflated, 4096, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.True(await transcoder.TranscodeAsync(deflated, output, Deflated, 1 << 20, TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Equal("1.2.840.10008.1.2.1", DicomStructure.TransferSyntaxOf(await File.ReadAllBytesAsync(output)));
        Assert.Null(DicomStructure.Problem(await File.ReadAllBytesAsync(output)));
    }

    [Fact]
    public async Task Without_dcmtk_or_a_converter_for_the_transfer_syntax_nothing_is_written()
    {
        var deflated = await DeflatedMrAsync();
        var output = Path.Combine(_folder.FullName, "out.dcm");

        Assert.False(await new DcmtkTranscoder("/nonexistent").TranscodeAsync(deflated, output, Deflated, 1 << 20, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.False(await new DcmtkTranscoder().TranscodeAsync(deflated, output, "1.2.840.10008.1.2.4.90", 1 << 20, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.5", "dcmdrle")]
    [InlineData("1.2.840.10008.1.2.4.50", "dcmdjpeg")]
    [InlineData("1.2.840.10008.1.2.4.70", "dcmdjpeg")]
    [InlineData("1.2.840.10008.1.2.4.80", "dcmdjpls")]
    [InlineData("1.2.840.10008.1.2.2", "dcmconv")]
    public void Each_transfer_syntax_has_its_converter(string transferSyntax, string program) =>
        Assert.Equal(program, Assert.Single(DcmtkTranscoder.Attempts(transferSyntax))[0]);

    private async Task<string> DeflatedMrAsync()
    {
        var path = Path.Combine(_folder.FullName, "deflated.dcm");
        using var convert = Process.Start("dcmconv", ["+td", Fixture.Path("dicom/MR_small.dcm"), path]);
        await convert.WaitForExitAsync();
        Assert.Equal(0, convert.ExitCode);
        return path;
    }
}
