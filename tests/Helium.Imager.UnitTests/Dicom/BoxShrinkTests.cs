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
}
