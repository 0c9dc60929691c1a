using Helium.Imager.Core.Dicom;

namespace Helium.Imager.UnitTests.Dicom;

public sealed class BoxShrinkTests
{
    [Fact]
    public void Each_value_is_the_mean_of_its_block_and_edge_blocks_may_be_partial()
    {
        // 5 x 3 stored values, 12 bits in 16 with an overlay bit above them that must not count.
        int[] values =
        [
            0, 2, 4, 6, 8,
            2, 4, 6, 8, 10,
            100, 100, 200, 200, 50,
        ];
        var pixels = values.SelectMany(v => BitConverter.GetBytes((ushort)(v | 0x8000))).ToArray();
        var image = new DicomImage
        {
            Width = 5,
            Height = 3,
            Frames = 1,
            SamplesPerPixel = 1,
            BitsAllocated = 16,
            BitsStored = 12,
            IsSigned = false,
            Photometric = "MONOCHROME2",
            TransferSyntax = "1.2.840.10008.1.2.1",
            PlanarConfiguration = 0,
            Pixels = pixels,
        };

        var shrunk = BoxShrink.Average(image.Frame(1), image, 2, out var width, out var height);

        Assert.Equal((3, 2), (width, height));
        Assert.Equal([2, 6, 9, 100, 200, 50], shrunk);
    }

    [Theory]
    [InlineData(16, 12, false, 4)]
    [InlineData(16, 16, false, 8)]
    [InlineData(16, 12, true, 4)]
    [InlineData(16, 16, true, 2)]
    [InlineData(8, 8, false, 4)]
    [InlineData(8, 7, true, 2)]
    public void The_means_are_those_of_the_stored_values_for_every_layout(int bitsAllocated, int bitsStored, bool isSigned, int factor)
    {
        var (width, height) = (37, 23);
        var pixels = new byte[width * height * (bitsAllocated / 8)];
        new Random(bitsAllocated + bitsStored + factor).NextBytes(pixels);
        var image = new DicomImage
        {
            Width = width,
            Height = height,
            Frames = 1,
            SamplesPerPixel = 1,
            BitsAllocated = bitsAllocated,
            BitsStored = bitsStored,
            IsSigned = isSigned,
            Photometric = "MONOCHROME2",
            TransferSyntax = "1.2.840.10008.1.2.1",
            PlanarConfiguration = 0,
            Pixels = pixels,
        };

        var shrunk = BoxShrink.Average(pixels, image, factor, out var shrunkWidth, out _);

        for (var i = 0; i < shrunk.Length; i++)
        {
            var (left, top) = (i % shrunkWidth * factor, i / shrunkWidth * factor);
            var block = (from y in Enumerable.Range(top, Math.Min(factor, height - top))
                         from x in Enumerable.Range(left, Math.Min(factor, width - left))
                         select DicomDisplay.StoredValue(pixels, (y * width) + x, bitsAllocated, bitsStored, isSigned)).ToList();
            Assert.Equal((int)Math.Round(block.Average(v => (double)v)), shrunk[i]);
        }
    }
}
