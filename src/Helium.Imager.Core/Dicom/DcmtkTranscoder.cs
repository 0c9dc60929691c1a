using System.ComponentModel;
using Helium.Imager.Core.Processes;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// The second way in for DICOM files GDCM refuses or is known to decode wrongly: dcmtk's converters
/// (Debian <c>dcmtk</c>, run as bounded child processes like every helper) rewrite the file as
/// uncompressed explicit VR little endian beside it, in the request's private folder, and GDCM decodes
/// that. Each transfer syntax has its converter: <c>dcmconv</c> for deflated data (also when the
/// deflated stream carries a zlib header, which GDCM cannot read) and for native data,
/// <c>dcmdrle</c> for RLE, <c>dcmdjpeg</c> for the JPEG processes, <c>dcmdjpls</c> for JPEG-LS. dcmtk
/// has no JPEG 2000 codec: those files have no second way. Optional: without dcmtk installed, GDCM's
/// answer stands.
/// </summary>
/// <param name="memoryBytes">Each converter's memory ceiling (<see cref="MemoryCeiling"/>).</param>
public sealed class DcmtkTranscoder(string programFolder = "", long memoryBytes = 1L << 30)
{
    public const string Package = "dcmtk";

    private const string Deflated = "1.2.840.10008.1.2.1.99";
    private const string Rle = "1.2.840.10008.1.2.5";

    /// <summary>The converter runs to try, in order, for a transfer syntax: each one a program and its
    /// options; the input and output paths follow.</summary>
    public static IReadOnlyList<string[]> Attempts(string? transferSyntax) => transferSyntax switch
    {
        Deflated => [["dcmconv", "+te"], ["dcmconv", "+bz", "+te"]],
        Rle => [["dcmdrle", "+te"]],
        "1.2.840.10008.1.2.4.50" or "1.2.840.10008.1.2.4.51" or "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70" => [["dcmdjpeg", "+te"]],
        "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => [["dcmdjpls", "+te"]],
        "1.2.840.10008.1.2" or "1.2.840.10008.1.2.1" or "1.2.840.10008.1.2.2" => [["dcmconv", "+te"]],
        _ => [],
    };

    /// <summary>Whether GDCM decodes an image of this kind without complaint but wrongly, so dcmtk
    /// should decode it instead: RLE with 16-bit colour samples (Debian's GDCM 3.0 mixes the byte
    /// segments of the three channels).</summary>
    public static bool GdcmGetsWrong(DicomImage image) =>
        image.TransferSyntax == Rle && image.SamplesPerPixel > 1 && image.BitsAllocated > 8;

    /// <summary>Writes <paramref name="output"/> from <paramref name="source"/> with the first
    /// converter that succeeds; false when none does, none applies, or dcmtk is not installed. A
    /// converter may write no more than <paramref name="maxOutputBytes"/> (the kernel's file size limit,
    /// set by util-linux's <c>prlimit</c>, stops it there): a small deflated file can inflate to
    /// gigabytes.</summary>
    /// <exception cref="TimeoutException">A converter overran the deadline and was killed.</exception>
    public async Task<bool> TranscodeAsync(string source, string output, string? transferSyntax, long maxOutputBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var attempt in Attempts(transferSyntax))
        {
            File.Delete(output);
            try
            {
                string[] arguments = [$"--fsize={maxOutputBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)}", .. MemoryCeiling.Arguments(memoryBytes, Path.Combine(programFolder, attempt[0]), [.. attempt[1..], source, output])];
                var result = await BoundedProcess.RunAsync("prlimit", arguments, timeout, cancellationToken);
                if (result.ExitCode == 0 && File.Exists(output))
                {
                    return true;
                }
            }
            catch (Win32Exception)
            {
                return false;
            }
        }

        return false;
    }
}
