using Helium.Imager.Core.Dicom;

namespace Helium.Imager.UnitTests.Dicom;

public sealed class DecodeSizeTests
{
    [Theory]
    [InlineData("thumbnail=190x190", 2670, 3340, 4)]    // 167 x 209 still holds the 152 x 190 output
    [InlineData("w=190&h=190&fit=cover", 2670, 3340, 3)] // 334 wide: still at least 190
    [InlineData("w=400&h=100&fit=cover", 2670, 3340, 2)] // cover needs 400 wide: 667
    [InlineData("w=400&h=100", 2670, 3340, 5)]           // inside: 80 x 100 out of 83 x 104
    [InlineData("w=2000", 2670, 3340, 0)]
    [InlineData("w=190&rotate=90", 4000, 400, 1)]         // the 190 is the frame's height after the turn
    [InlineData("w=100&crop=0,0,800,800", 4000, 4000, 3)] // the crop is what must stay 100 wide
    [InlineData("format=png", 4000, 4000, 0)]
    [InlineData("w=1", 1 << 20, 1 << 20, 5)]               // never more than asked for
    public void The_frame_is_halved_while_it_still_fills_the_output(string query, int width, int height, int expected)
    {
        var plan = new TransformParser(4096, new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>())
            .Parse(query.Split('&').Select(pair => pair.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1])).ToList());

        Assert.Equal(expected, DecodeSize.For(plan).Reduction(width, height, 5));
    }

    [Fact]
    public void It_travels_to_the_worker_as_tab_separated_fields()
    {
        var size = new DecodeSize(190, 0, true, 30, 40);

        Assert.Equal(size, DecodeSize.Parse(size.ToLine().Split('\t')));
    }
}
