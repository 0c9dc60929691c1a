namespace Helium.Imager.Core.Dicom;

/// <summary>
/// A frame made smaller by whole blocks before the display pipeline runs on it: each output value is
/// the mean of a factor × factor block of stored values (blocks at the right and bottom edges may be
/// partial). The LUT chain then touches a sixteenth or less of the pixels of a large radiograph whose
/// thumbnail is asked for; the pixel pipeline's Lanczos resize does the rest from at least twice the
/// output's size.
/// </summary>
public static class BoxShrink
{
    /// <summary>A one-frame grey image made 2^<paramref name="halvings"/> times smaller, its samples the
    /// blocks' mean stored values written back as stored (so the display pipeline reads them as before).</summary>
    public static DicomImage Reduce(DicomImage image, int halvings)
    {
        var averaged = Average(image.Frame(image.FirstFrame), image, 1 << halvings, out var width, out var height);
        var bytesPerSample = image.BitsAllocated / 8;
        var pixels = new byte[averaged.Length * bytesPerSample];
        for (var i = 0; i < averaged.Length; i++)
        {
            pixels[i * bytesPerSample] = (byte)averaged[i];
            if (bytesPerSample == 2)
            {
                pixels[(i * 2) + 1] = (byte)(averaged[i] >> 8);
            }
        }

        return image with { Width = width, Height = height, Pixels = pixels, Reduction = image.Reduction + halvings };
    }

    /// <summary>The grey frame's stored values (<see cref="DicomDisplay.StoredValue"/>), averaged.</summary>
    public static int[] Average(ReadOnlySpan<byte> frame, DicomImage image, int factor, out int shrunkWidth, out int shrunkHeight)
    {
        var (width, height) = (image.Width, image.Height);
        shrunkWidth = (width + factor - 1) / factor;
        shrunkHeight = (height + factor - 1) / factor;
        var sums = new long[shrunkWidth];
        var counts = new int[shrunkWidth];
        var output = new int[shrunkWidth * shrunkHeight];
        for (var by = 0; by < shrunkHeight; by++)
        {
            Array.Clear(sums);
            Array.Clear(counts);
            var last = Math.Min(height, (by + 1) * factor);
            for (var y = by * factor; y < last; y++)
            {
                var row = y * width;
                for (var x = 0; x < width; x++)
                {
                    sums[x / factor] += DicomDisplay.StoredValue(frame, row + x, image.BitsAllocated, image.BitsStored, image.IsSigned);
                    counts[x / factor]++;
                }
            }

            for (var bx = 0; bx < shrunkWidth; bx++)
            {
                output[(by * shrunkWidth) + bx] = (int)Math.Round((double)sums[bx] / counts[bx]);
            }
        }

        return output;
    }
}
