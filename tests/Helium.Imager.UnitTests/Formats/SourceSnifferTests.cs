using Helium.Imager.Core.Formats;

namespace Helium.Imager.UnitTests.Formats;

public sealed class SourceSnifferTests
{
    [Theory]
    [InlineData("raster/2569067123_aca715a2ee_o.jpg", SourceFormat.Jpeg)]
    [InlineData("raster/Channel_digital_image_CMYK_color.jpg", SourceFormat.Jpeg)]
    [InlineData("raster/16-bit-grey-alpha.png", SourceFormat.Png)]
    [InlineData("raster/animated-loop-3.gif", SourceFormat.Gif)]
    [InlineData("raster/4.webp", SourceFormat.WebP)]
    [InlineData("raster/pitm.avif", SourceFormat.Avif)]
    [InlineData("raster/G31D.TIF", SourceFormat.Tiff)]
    [InlineData("raster/check.svg", SourceFormat.Unknown)]
    [InlineData("pdf/minimal-document.pdf", SourceFormat.Pdf)]
    [InlineData("dicom/CT_small.dcm", SourceFormat.Dicom)]
    [InlineData("dicom/JPEG2000.dcm", SourceFormat.Dicom)]
    [InlineData("dicom/README-pydicom-test-files.txt", SourceFormat.Unknown)]
    public void Fixtures_are_recognized_by_content(string file, SourceFormat expected)
    {
        var head = Fixture.Bytes(file).AsSpan(0, Math.Min(SourceSniffer.HeaderLength, (int)new FileInfo(Fixture.Path(file)).Length));

        Assert.Equal(expected, SourceSniffer.Detect(head));
    }

    [Fact]
    public void Dicom_without_a_preamble_is_recognized()
    {
        var withPreamble = Fixture.Bytes("dicom/CT_small.dcm");

        Assert.Equal(SourceFormat.Dicom, SourceSniffer.Detect(withPreamble.AsSpan(132, SourceSniffer.HeaderLength)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("GIF8")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("%!PS-Adobe-3.0")]
    [InlineData("push graphic-context")]
    public void Other_content_is_unknown(string text)
    {
        Assert.Equal(SourceFormat.Unknown, SourceSniffer.Detect(System.Text.Encoding.ASCII.GetBytes(text)));
    }
}
