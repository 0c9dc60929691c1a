using System.Runtime.InteropServices;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// A JPEG 2000 frame decoded at a reduced resolution level by OpenJPEG (Debian's libopenjp2, which
/// GDCM itself decodes with, so the same library on the same bytes): 1/2, 1/4, 1/8 … of each side
/// decodes only the wavelet levels the output needs. A 2670 × 3340 codestream took 600 ms at full
/// size and 30 ms at 1/8 here (<c>opj_decompress -r</c>). GDCM offers no such option. Runs in the
/// DICOM worker process only, like GDCM: a hostile codestream can at worst end that process.
/// </summary>
internal static class Jpeg2000Reduced
{
    private const string Library = "libopenjp2.so.7";

    // opj_image_t and opj_image_comp_t (openjpeg.h, 2.x, LP64): the offsets read below.
    private const int ImageNumberOfComponents = 16;
    private const int ImageComponents = 24;
    private const int ComponentSize = 64;
    private const int ComponentDx = 0;
    private const int ComponentDy = 4;
    private const int ComponentWidth = 8;
    private const int ComponentHeight = 12;
    private const int ComponentPrecision = 24;
    private const int ComponentSigned = 32;
    private const int ComponentData = 48;

    // opj_dparameters_t is about 8.2 KB; opj_set_default_decoder_parameters fills it in.
    private const int ParametersSize = 16 * 1024;

    private enum CodecFormat
    {
        J2k = 0,
        Jp2 = 2,
    }

    /// <summary>The decoded components, as they came: each sample in an int, row by row, one array a
    /// component.</summary>
    public sealed record Decoded(int Width, int Height, int Precision, bool IsSigned, int[][] Components, int Reduction);

    /// <summary>Decodes <paramref name="codestreamPath"/> (a raw codestream, or one wrapped in a JP2
    /// box, as some writers put it in DICOM) at 1/2^<paramref name="reduction"/> of its size, fewer
    /// halvings if it has fewer levels. Null when it is not one this path takes (its full size is not
    /// the frame's, components differ in size or are subsampled, more than 16 bits): then GDCM decodes.</summary>
    public static Decoded? Decode(string codestreamPath, byte[] head, int frameWidth, int frameHeight, int reduction)
    {
        var format = head.AsSpan().StartsWith<byte>([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50]) ? CodecFormat.Jp2 : CodecFormat.J2k;
        var codec = opj_create_decompress(format);
        var parameters = Marshal.AllocHGlobal(ParametersSize);
        var stream = IntPtr.Zero;
        var image = IntPtr.Zero;
        try
        {
            opj_set_default_decoder_parameters(parameters);
            stream = opj_stream_create_default_file_stream(codestreamPath, 1);
            if (codec == IntPtr.Zero || stream == IntPtr.Zero || opj_setup_decoder(codec, parameters) == 0 || opj_read_header(stream, codec, out image) == 0)
            {
                return null;
            }

            var components = Marshal.ReadInt32(image, ImageNumberOfComponents);
            var first = Marshal.ReadIntPtr(image, ImageComponents);
            if (components is not (1 or 3) || Marshal.ReadInt32(image, 8) - Marshal.ReadInt32(image, 0) != frameWidth
                || Marshal.ReadInt32(image, 12) - Marshal.ReadInt32(image, 4) != frameHeight)
            {
                return null;
            }

            // Fewer levels in the codestream than asked for: the factor is refused, so ask for fewer.
            var applied = reduction;
            while (applied > 0 && opj_set_decoded_resolution_factor(codec, (uint)applied) == 0)
            {
                applied--;
            }

            if (opj_decode(codec, stream, image) == 0 || opj_end_decompress(codec, stream) == 0)
            {
                return null;
            }

            return Collect(first, components, applied);
        }
        finally
        {
            if (image != IntPtr.Zero)
            {
                opj_image_destroy(image);
            }

            if (stream != IntPtr.Zero)
            {
                opj_stream_destroy(stream);
            }

            if (codec != IntPtr.Zero)
            {
                opj_destroy_codec(codec);
            }

            Marshal.FreeHGlobal(parameters);
        }
    }

    private static Decoded? Collect(IntPtr first, int count, int reduction)
    {
        var width = Marshal.ReadInt32(first, ComponentWidth);
        var height = Marshal.ReadInt32(first, ComponentHeight);
        var precision = Marshal.ReadInt32(first, ComponentPrecision);
        var isSigned = Marshal.ReadInt32(first, ComponentSigned) != 0;
        var planes = new int[count][];
        for (var c = 0; c < count; c++)
        {
            var component = first + (c * ComponentSize);
            var data = Marshal.ReadIntPtr(component, ComponentData);
            if (Marshal.ReadInt32(component, ComponentDx) != 1 || Marshal.ReadInt32(component, ComponentDy) != 1
                || Marshal.ReadInt32(component, ComponentWidth) != width || Marshal.ReadInt32(component, ComponentHeight) != height
                || Marshal.ReadInt32(component, ComponentPrecision) != precision || precision is < 1 or > 16 || data == IntPtr.Zero || width < 1 || height < 1)
            {
                return null;
            }

            planes[c] = new int[width * height];
            Marshal.Copy(data, planes[c], 0, planes[c].Length);
        }

        return new Decoded(width, height, precision, isSigned, planes, reduction);
    }

    [DllImport(Library)]
    private static extern IntPtr opj_create_decompress(CodecFormat format);

    [DllImport(Library)]
    private static extern void opj_set_default_decoder_parameters(IntPtr parameters);

    [DllImport(Library)]
    private static extern int opj_setup_decoder(IntPtr codec, IntPtr parameters);

    [DllImport(Library)]
    private static extern IntPtr opj_stream_create_default_file_stream([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int isReadStream);

    [DllImport(Library)]
    private static extern int opj_read_header(IntPtr stream, IntPtr codec, out IntPtr image);

    [DllImport(Library)]
    private static extern int opj_set_decoded_resolution_factor(IntPtr codec, uint factor);

    [DllImport(Library)]
    private static extern int opj_decode(IntPtr codec, IntPtr stream, IntPtr image);

    [DllImport(Library)]
    private static extern int opj_end_decompress(IntPtr codec, IntPtr stream);

    [DllImport(Library)]
    private static extern void opj_image_destroy(IntPtr image);

    [DllImport(Library)]
    private static extern void opj_stream_destroy(IntPtr stream);

    [DllImport(Library)]
    private static extern void opj_destroy_codec(IntPtr codec);
}
