using Helium.Imager.Core.Raster;

namespace Helium.Imager.UnitTests.Formats;

public sealed class JpegOrientationTests
{
    [Theory]
    [InlineData("raster/Landscape_1.jpg", 1)]
    [InlineData("raster/Landscape_3.jpg", 3)]
    [InlineData("raster/Landscape_6.jpg", 6)]
    [InlineData("raster/Landscape_8.jpg", 8)]
    [InlineData("raster/Portrait_5.jpg", 5)]
    [InlineData("raster/2569067123_aca715a2ee_o.jpg", 1)] // no orientation tag
    [InlineData("raster/Flag_of_the_Netherlands-alpha.png", 1)] // not a JPEG
    public void The_exif_orientation_is_read(string file, int orientation) =>
        Assert.Equal(orientation, JpegOrientation.Read(Fixture.Bytes(file)));

    [Fact]
    public void Damaged_headers_read_as_stored()
    {
        // Landscape_6 says 6; cut anywhere inside its EXIF segment, or with that segment's length
        // damaged, nothing can be trusted and the answer is 1 (as stored).
        var bytes = Fixture.Bytes("raster/Landscape_6.jpg");
        var exifEnd = 2;
        while (bytes[exifEnd + 1] != 0xE1)
        {
            exifEnd += 2 + System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(exifEnd + 2));
        }

        exifEnd += 2 + System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(exifEnd + 2));
        Assert.Equal(6, JpegOrientation.Read(bytes.AsSpan(0, exifEnd)));
        for (var cut = 0; cut < exifEnd; cut += 7)
        {
            Assert.Equal(1, JpegOrientation.Read(bytes.AsSpan(0, cut)));
        }

        var damaged = (byte[])bytes.Clone();
        damaged[5] = 0xFF; // the APP segment's length
        Assert.Equal(1, JpegOrientation.Read(damaged));
    }
}
