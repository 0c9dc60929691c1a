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
}
