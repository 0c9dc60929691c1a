using System.Text;
using Helium.Imager.Core.Pdf;
using Helium.Imager.Core.Problems;

namespace Helium.Imager.UnitTests.Pdf;

public sealed class PamImageTests
{
    private static byte[] Pam(string header, int pixelBytes) => [.. Encoding.ASCII.GetBytes(header), .. new byte[pixelBytes]];

    [Fact]
    public void A_page_as_mupdf_writes_it_is_read_where_its_pixels_start()
    {
        var header = "P7\nWIDTH 3\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n";

        var image = PamImage.Parse(Pam(header, 3 * 2 * 4));

        Assert.Equal((3, 2, header.Length, 24L), (image.Width, image.Height, image.PixelsAt, image.PixelBytes));
    }

    [Theory]
    [InlineData("P7\nWIDTH 3\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n", 23)] // one byte short
    [InlineData("P7\nWIDTH 3\nHEIGHT 2\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\nENDHDR\n", 24)] // no alpha
    [InlineData("P7\nWIDTH 3\nHEIGHT 2\nDEPTH 4\nMAXVAL 65535\nTUPLTYPE RGB_ALPHA\nENDHDR\n", 48)] // 16 bits
    [InlineData("P7\nWIDTH 0\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n", 0)]
    [InlineData("P6\n3 2\n255\n", 18)]
    [InlineData("P7\nWIDTH 3\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\n", 24)] // no end of header
    public void Anything_else_is_a_page_mupdf_could_not_render(string header, int pixelBytes)
    {
        var refused = Assert.Throws<SourceRejectedException>(() => PamImage.Parse(Pam(header, pixelBytes)));

        Assert.Equal(SourceProblem.Corrupt, refused.Problem);
    }
}
