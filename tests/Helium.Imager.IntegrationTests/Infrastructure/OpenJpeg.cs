using System.Buffers.Binary;
using System.Diagnostics;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>OpenJPEG's own decoder (Debian <c>libopenjp2-tools</c>) on the JPEG 2000 codestream of a
/// DICOM file, found here by reading the encapsulated pixel data's items: the oracle for JPEG 2000
/// DICOM, which dcmtk's free edition cannot decode.</summary>
public static class OpenJpeg
{
    /// <summary>A grey image of samples up to <paramref name="maxValue"/> encoded by opj_compress
    /// (five wavelet levels, its default), lossless or at a compression ratio.</summary>
    public static byte[] Encode(ushort[] samples, int width, int height, int maxValue, int? ratio = null)
    {
        var folder = Directory.CreateTempSubdirectory("helium-opj-");
        try
        {
            var pgm = Path.Combine(folder.FullName, "image.pgm");
            var codestream = Path.Combine(folder.FullName, "image.j2k");
            using (var file = File.Create(pgm))
            {
                file.Write(System.Text.Encoding.ASCII.GetBytes($"P5\n{width} {height}\n{maxValue}\n"));
                var bytes = new byte[samples.Length * 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2 * i), samples[i]);
                }

                file.Write(bytes);
            }

            string[] arguments = ratio is { } r ? ["-i", pgm, "-o", codestream, "-r", r.ToString(System.Globalization.CultureInfo.InvariantCulture)] : ["-i", pgm, "-o", codestream];
            using var process = Process.Start(new ProcessStartInfo("opj_compress", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"opj_compress: {output}");
            return File.ReadAllBytes(codestream);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The first frame's samples, signed 16-bit, row by row.</summary>
    public static short[] DecodeFirstFrame(byte[] dicom)
    {
        var folder = Directory.CreateTempSubdirectory("helium-opj-");
        try
        {
            var codestream = Path.Combine(folder.FullName, "frame.j2k");
            var raw = Path.Combine(folder.FullName, "frame.rawl");
            File.WriteAllBytes(codestream, FirstFrameCodestream(dicom));
            using var process = Process.Start(new ProcessStartInfo("opj_decompress", ["-i", codestream, "-o", raw]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"opj_decompress: {output}");
            var bytes = File.ReadAllBytes(raw);
            var samples = new short[bytes.Length / 2];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
            }

            return samples;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The fragments after the Basic Offset Table, joined (one frame, explicit VR little endian).</summary>
    private static byte[] FirstFrameCodestream(byte[] dicom)
    {
        var at = dicom.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]) + 12;
        var fragments = new List<byte>();
        for (var item = 0; ; item++)
        {
            var group = BinaryPrimitives.ReadUInt16LittleEndian(dicom.AsSpan(at));
            var element = BinaryPrimitives.ReadUInt16LittleEndian(dicom.AsSpan(at + 2));
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(dicom.AsSpan(at + 4));
            if ((group, element) == (0xFFFE, 0xE0DD))
            {
                return [.. fragments];
            }

            if (item > 0)
            {
                fragments.AddRange(dicom.AsSpan(at + 8, length).ToArray());
            }

            at += 8 + length;
        }
    }
}
