namespace Helium.Imager.UnitTests.Formats;

/// <summary>Sources are recognized by content, through the kinds the server registers, in its order.</summary>
public sealed class SourceDetectionTests
{
    private static string Detect(ReadOnlySpan<byte> head) => RegisteredSources.Get().Detect(head)?.Format.Name ?? "unknown";

    [Theory]
    [InlineData("raster/2569067123_aca715a2ee_o.jpg", "jpeg")]
    [InlineData("raster/Channel_digital_image_CMYK_color.jpg", "jpeg")]
    [InlineData("raster/16-bit-grey-alpha.png", "png")]
    [InlineData("raster/animated-loop-3.gif", "gif")]
    [InlineData("raster/4.webp", "webp")]
    [InlineData("raster/pitm.avif", "avif")]
    [InlineData("raster/G31D.TIF", "tiff")]
    [InlineData("raster/check.svg", "unknown")]
    [InlineData("pdf/minimal-document.pdf", "pdf")]
    [InlineData("dicom/CT_small.dcm", "dicom")]
    [InlineData("dicom/JPEG2000.dcm", "dicom")]
    [InlineData("dicom/README-pydicom-test-files.txt", "unknown")]
    public void Fixtures_are_recognized_by_content(string file, string expected)
    {
        var head = Fixture.Bytes(file).AsSpan(0, Math.Min(RegisteredSources.Get().SignatureLength, (int)new FileInfo(Fixture.Path(file)).Length));

        Assert.Equal(expected, Detect(head));
    }

    [Fact]
    public void Dicom_without_a_preamble_is_recognized()
    {
        var withPreamble = Fixture.Bytes("dicom/CT_small.dcm");

        Assert.Equal("dicom", Detect(withPreamble.AsSpan(132, RegisteredSources.Get().SignatureLength)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("GIF8")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("%!PS-Adobe-3.0")]
    [InlineData("push graphic-context")]
    public void Other_content_is_unknown(string text)
    {
        Assert.Equal("unknown", Detect(System.Text.Encoding.ASCII.GetBytes(text)));
    }
}
