using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// The DICOM grayscale pipeline and colour conversions, as pure functions on pixel arrays:
/// stored value (Bits Stored, sign) → Modality LUT (sequence, else slope/intercept) → VOI (explicit
/// window, else VOI LUT Sequence, else the first window in the file, else the frame's min/max without
/// padding) by LINEAR, LINEAR_EXACT or SIGMOID → MONOCHROME1 inversion → 8 bits. Colour: planar
/// configuration 1 interleaved, YBR_FULL / YBR_FULL_422 converted to RGB.
/// </summary>
public static class DicomDisplay
{
    /// <summary>Stored values of one frame: the low Bits Stored bits of each little-endian sample,
    /// sign-extended when Pixel Representation is signed (higher bits may hold overlays).</summary>
    public static int[] StoredValues(ReadOnlySpan<byte> frame, int bitsAllocated, int bitsStored, bool isSigned)
    {
        var values = new int[frame.Length / (bitsAllocated / 8)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = StoredValue(frame, i, bitsAllocated, bitsStored, isSigned);
        }

        return values;
    }

    /// <summary>Sample <paramref name="index"/> of a frame as a stored value (see <see cref="StoredValues"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static int StoredValue(ReadOnlySpan<byte> frame, int index, int bitsAllocated, int bitsStored, bool isSigned)
    {
        var raw = bitsAllocated == 16 ? frame[2 * index] | (frame[(2 * index) + 1] << 8) : frame[index];
        var value = bitsStored >= 32 ? raw : raw & ((1 << bitsStored) - 1);
        return isSigned && bitsStored < 32 && (value & (1 << (bitsStored - 1))) != 0 ? value - (1 << bitsStored) : value;
    }

    /// <summary>Modality values: the Modality LUT Sequence when present, else slope × stored + intercept.</summary>
    public static double[] ModalityValues(int[] stored, double slope, double intercept, LookupTable? modalityLut)
    {
        var values = new double[stored.Length];
        for (var i = 0; i < stored.Length; i++)
        {
            values[i] = modalityLut is null ? (stored[i] * slope) + intercept : modalityLut.Lookup(stored[i]);
        }

        return values;
    }

    /// <summary>The window from the frame's own range, ignoring Pixel Padding Value pixels, so that the
    /// smallest value maps to black and the largest to white.</summary>
    public static VoiWindow MinMaxWindow(double[] modality, int[] stored, int? paddingValue)
    {
        var min = double.MaxValue;
        var max = double.MinValue;
        for (var i = 0; i < modality.Length; i++)
        {
            if (paddingValue is { } padding && stored[i] == padding)
            {
                continue;
            }

            min = Math.Min(min, modality[i]);
            max = Math.Max(max, modality[i]);
        }

        if (min > max)
        {
            return new VoiWindow(0, 1, VoiFunction.LinearExact);
        }

        return new VoiWindow((min + max) / 2, Math.Max(max - min, 1), VoiFunction.LinearExact);
    }

    /// <summary>One value through a window, as 0..255 (PS3.3 C.11.2.1.2 with ymin 0, ymax 255).</summary>
    public static byte ApplyWindow(double x, VoiWindow window)
    {
        double y;
        var c = window.Center;
        var w = window.Width;
        switch (window.Function)
        {
            case VoiFunction.LinearExact:
                y = x <= c - (w / 2) ? 0 : x > c + (w / 2) ? 255 : (((x - c) / w) + 0.5) * 255;
                break;
            case VoiFunction.Sigmoid:
                y = 255 / (1 + Math.Exp(-4 * (x - c) / w));
                break;
            default:
                // LINEAR needs w >= 1; the formula divides by w - 1.
                w = Math.Max(w, 1);
                y = x <= c - 0.5 - ((w - 1) / 2) ? 0
                    : x > c - 0.5 + ((w - 1) / 2) ? 255
                    : w == 1 ? 255
                    : ((((x - (c - 0.5)) / (w - 1)) + 0.5) * 255);
                break;
        }

        return (byte)Math.Clamp(Math.Round(y), 0, 255);
    }

    /// <summary>The grey frame as 8 bits: the explicit window, else the VOI LUT, else the file's first
    /// window, else min/max; MONOCHROME1 inverted. With a <paramref name="shrink"/> factor above 1, on
    /// the frame made that many times smaller first (<see cref="BoxShrink"/>).</summary>
    public static (byte[] Grey, int Width, int Height) Grayscale(DicomImage image, int frame, VoiWindow? explicitWindow, int shrink = 1)
    {
        var (width, height) = (image.Width, image.Height);
        var stored = shrink > 1
            ? BoxShrink.Average(image.Frame(frame), image, shrink, out width, out height)
            : StoredValues(image.Frame(frame), image.BitsAllocated, image.BitsStored, image.IsSigned);

        var modality = ModalityValues(stored, image.RescaleSlope, image.RescaleIntercept, image.ModalityLut);
        var output = new byte[modality.Length];
        if (explicitWindow is null && image.VoiLut is { } lut)
        {
            var scale = 255.0 / lut.MaxOutput;
            for (var i = 0; i < modality.Length; i++)
            {
                output[i] = (byte)Math.Clamp(Math.Round(lut.Lookup(modality[i]) * scale), 0, 255);
            }
        }
        else
        {
            var window = explicitWindow ?? (image.Windows.Count > 0 ? image.Windows[0] : MinMaxWindow(modality, stored, image.PixelPaddingValue));
            for (var i = 0; i < modality.Length; i++)
            {
                output[i] = ApplyWindow(modality[i], window);
            }
        }

        if (image.Photometric == "MONOCHROME1")
        {
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = (byte)(255 - output[i]);
            }
        }

        return (output, width, height);
    }

    /// <summary>The colour frame as interleaved 8-bit RGB.</summary>
    public static byte[] Rgb(DicomImage image, int frame)
    {
        var samples = image.Frame(frame);
        var count = image.Width * image.Height;
        var shift = image.BitsAllocated == 16 ? Math.Max(0, image.BitsStored - 8) : 0;
        var rgb = new byte[count * 3];
        for (var i = 0; i < count; i++)
        {
            for (var channel = 0; channel < 3; channel++)
            {
                var index = image.PlanarConfiguration == 1 ? (channel * count) + i : (i * 3) + channel;
                rgb[(i * 3) + channel] = image.BitsAllocated == 16
                    ? (byte)Math.Min(255, (samples[2 * index] | (samples[(2 * index) + 1] << 8)) >> shift)
                    : samples[index];
            }
        }

        if (image.Photometric.StartsWith("YBR_FULL", StringComparison.Ordinal))
        {
            YbrFullToRgb(rgb);
        }

        return rgb;
    }

    /// <summary>Full-range ITU-R BT.601 YCbCr to RGB, in place (PS3.3 C.7.6.3.1.2).</summary>
    public static void YbrFullToRgb(Span<byte> pixels)
    {
        for (var i = 0; i + 2 < pixels.Length; i += 3)
        {
            double y = pixels[i];
            double cb = pixels[i + 1] - 128;
            double cr = pixels[i + 2] - 128;
            pixels[i] = Clamp(y + (1.402 * cr));
            pixels[i + 1] = Clamp(y - (0.344136 * cb) - (0.714136 * cr));
            pixels[i + 2] = Clamp(y + (1.772 * cb));
        }

        static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
    }
}
