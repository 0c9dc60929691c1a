using Helium.Imager.Core.Dicom;
using Helium.Imager.Core.Rendering;

namespace Helium.Imager.UnitTests.Dicom;

public sealed class WholeSlideTests
{
    [Theory]
    [InlineData(256, 256, 20000, 15000, 190, 8)]  // a large level's thumbnail: tiles at 1/8, never less
    [InlineData(256, 256, 2000, 1500, 400, 4)]    // the plane at 1/4 is 500 wide, still at least 400
    [InlineData(256, 256, 2000, 1500, 1200, 1)]
    [InlineData(240, 240, 20000, 15000, 190, 8)]  // 240 = 8 x 30
    [InlineData(250, 250, 20000, 15000, 190, 2)]  // 250 halves once only: tiles would not line up
    [InlineData(64, 48, 300, 200, 150, 2)]
    public void Tiles_shrink_by_the_most_that_divides_them_and_still_fills_the_output(int tileWidth, int tileHeight, int width, int height, int outputWidth, int expected)
    {
        var mosaic = new JpegMosaic([], tileWidth, tileHeight, (width + tileWidth - 1) / tileWidth, width, height);

        Assert.Equal(expected, WholeSlide.Shrink(mosaic, new DecodeSize(outputWidth, 0, false, 0, 0)));
    }
}
