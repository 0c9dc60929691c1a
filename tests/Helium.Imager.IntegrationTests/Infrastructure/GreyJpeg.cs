using ImageMagick;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>One-component 8-bit JPEGs (what JPEG baseline DICOM frames of grey images hold) of given samples.</summary>
public static class GreyJpeg
{
    public static byte[] Encode(byte[] samples, int width, int height, int quality = 95)
    {
        using var image = new MagickImage();
        image.ReadPixels(samples, new PixelReadSettings((uint)width, (uint)height, StorageType.Char, "R"));
        image.ColorType = ColorType.Grayscale;
        image.Quality = (uint)quality;
        return image.ToByteArray(MagickFormat.Jpeg);
    }
}
