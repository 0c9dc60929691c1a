using Helium.Imager.Core.Rendering;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// One frame of a grey 8-bit JPEG baseline image (1.2.840.10008.1.2.4.50: ultrasound and endoscopy
/// clips, secondary captures) decoded in the server's own process by libvips, as raster JPEGs and
/// whole-slide tiles are, and shrunk while decoding by 1/2, 1/4 or 1/8 where the output allows: a
/// 1024 × 1024 frame for a 190 px thumbnail decodes 256 × 256. GDCM in its worker process would
/// decode it whole, after a temporary file each way. The attributes come from the top level as for
/// native frames (<see cref="NativeGreyFrame.ImageOf"/>); whatever this does not take (colour,
/// 12-bit or signed samples, a frame in several fragments, a JPEG that is not the frame declared, or
/// one libvips cannot decode) gives null, and GDCM decodes it as before.
/// </summary>
public static class JpegGreyFrame
{
    private const string JpegBaseline = "1.2.840.10008.1.2.4.50";

    /// <summary>The most halvings while decoding (libjpeg scales by 1/8 at most).</summary>
    private const int MaxShrinkLevels = 3;

    /// <summary>Frame <paramref name="frame"/> of a whole object, or null.</summary>
    /// <exception cref="Problems.SourceRejectedException">The frame is beyond the last, or too many pixels.</exception>
    public static DicomImage? Read(byte[] file, int frame, DecodeSize size, long maxPixels, IPixelPipeline decoder)
    {
        if (Layout(file, frame, maxPixels) is not var (fragments, image))
        {
            return null;
        }

        var (offset, length) = fragments[image.FirstFrame - 1];
        return Decode(image, file.AsSpan(offset, length).ToArray(), size, decoder);
    }

    /// <summary>Every frame of a whole object (<c>frame=all</c>) at full size, as a clip read by range
    /// decodes the frames it shows, or null.</summary>
    /// <exception cref="Problems.SourceRejectedException">Too many pixels in all the frames.</exception>
    public static DicomImage? ReadAll(byte[] file, long maxPixels, IPixelPipeline decoder)
    {
        if (Layout(file, 1, maxPixels) is not var (fragments, image))
        {
            return null;
        }

        DicomDecoder.RequireWithinPixels(image.Width, image.Height, image.Frames, maxPixels);
        var frameLength = image.Width * image.Height;
        var pixels = new byte[(long)frameLength * image.Frames];
        for (var i = 0; i < image.Frames; i++)
        {
            var (offset, length) = fragments[i];
            if (decoder.DecodeGreyJpeg(file.AsSpan(offset, length).ToArray(), image.Width, image.Height, 1) is not { } samples)
            {
                return null;
            }

            samples.CopyTo(pixels, (long)i * frameLength);
        }

        return image with { Pixels = pixels };
    }

    /// <summary>A whole object's fragments, one a frame, and frame <paramref name="frame"/>'s attributes,
    /// when it is one this decodes.</summary>
    private static (IReadOnlyList<(int Offset, int Length)> Fragments, DicomImage Image)? Layout(byte[] file, int frame, long maxPixels) =>
        DicomTopLevel.Read(file, NativeGreyFrame.Attributes) is { TransferSyntax: JpegBaseline } top
            && Image(top, frame, maxPixels) is { } image && top.Fragments.Count == image.Frames
            ? (top.Fragments, image)
            : null;

    /// <summary>The attributes of frame <paramref name="frame"/> when it is one this decodes (no pixels
    /// yet), or null.</summary>
    /// <exception cref="Problems.SourceRejectedException">The frame is beyond the last, or too many pixels.</exception>
    public static DicomImage? Image(DicomTopLevel top, int frame, long maxPixels) =>
        top.TransferSyntax == JpegBaseline && NativeGreyFrame.ImageOf(top, frame, maxPixels) is { BitsAllocated: 8, BitsStored: 8, IsSigned: false } image
            ? image
            : null;

    /// <summary>The frame's JPEG (its one fragment) decoded into <paramref name="image"/>, or null.</summary>
    public static DicomImage? Decode(DicomImage image, byte[] jpeg, DecodeSize size, IPixelPipeline decoder)
    {
        var levels = size.Reduction(image.Width, image.Height, MaxShrinkLevels);
        var shrink = 1 << levels;
        return decoder.DecodeGreyJpeg(jpeg, image.Width, image.Height, shrink) is { } samples
            ? image with
            {
                Pixels = samples,
                Width = (image.Width + shrink - 1) / shrink,
                Height = (image.Height + shrink - 1) / shrink,
                Reduction = levels,
            }
            : null;
    }
}
