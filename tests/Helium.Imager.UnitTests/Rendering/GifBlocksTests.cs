using Helium.Imager.Core.Pixels;
using Helium.Imager.Core.Problems;

namespace Helium.Imager.UnitTests.Rendering;

public sealed class GifBlocksTests
{
    private static readonly byte[] Animation = Fixture.Bytes("raster/animated-loop-3.gif");

    [Fact]
    public void A_whole_gif_passes_with_or_without_its_trailer_and_with_bytes_after_it()
    {
        GifBlocks.RequireComplete(Animation);
        GifBlocks.RequireComplete(Animation.AsSpan(0, Animation.Length - 1));
        GifBlocks.RequireComplete([.. Animation, .. "trailing garbage"u8]);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(100)]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void A_gif_cut_inside_a_block_is_truncated(double cut)
    {
        var length = cut < 1 ? (int)(Animation.Length * cut) : (int)cut;

        var refused = Assert.Throws<SourceRejectedException>(() => GifBlocks.RequireComplete(Animation.AsSpan(0, length)));
        Assert.Equal(SourceProblem.Corrupt, refused.Problem);
    }

    [Fact]
    public void A_gif_whose_image_data_stops_between_sub_blocks_is_truncated()
    {
        // 1x1, two-colour table, one image: its data is one sub-block of two bytes, then the zero
        // block that ends the chain, then the trailer.
        byte[] whole =
        [
            .. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255,
            0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0, 0x3B,
        ];
        GifBlocks.RequireComplete(whole);

        // Cut after the sub-block, before the zero block: every block read so far was whole.
        var refused = Assert.Throws<SourceRejectedException>(() => GifBlocks.RequireComplete(whole.AsSpan(0, whole.Length - 2)));
        Assert.Equal(SourceProblem.Corrupt, refused.Problem);
    }
}
