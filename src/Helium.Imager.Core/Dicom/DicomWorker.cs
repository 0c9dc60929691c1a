using System.Text.Json;
using Helium.Imager.Core.Problems;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// The child-process side of DICOM decoding. It reads one request a line from stdin: a folder path,
/// the frame wanted and how small it may be decoded (<see cref="DecodeSize"/>), separated by tabs. Each folder holds source.dcm, which it decodes, writing image.json
/// (attributes) and pixels.bin (decoded frames) beside it. It answers each request with one line: "ok", "rejected {problem} …" or "unavailable …". A worker
/// that dies (an abort inside GDCM) or goes quiet is the parent's sign that the decoder failed on
/// that input; the parent replaces it.
/// </summary>
public static class DicomWorker
{
    public const string Verb = "dicom-worker";

    public static int Run(string gluePath, long maxPixels, TextReader input, TextWriter output)
    {
        while (input.ReadLine() is { } request)
        {
            // Written by Request below, in the parent: "folder<tab>frame<tab>" and the decode size's
            // five fields; the folder (first) is the only one that could hold a tab.
            var fields = request.Split('\t');
            var folder = string.Join("\t", fields.AsSpan(0, fields.Length - 6).ToArray());
            var frame = int.Parse(fields[^6], System.Globalization.CultureInfo.InvariantCulture);
            output.WriteLine(Decode(folder, frame, DecodeSize.Parse(fields.AsSpan(fields.Length - 5)), gluePath, maxPixels));
            output.Flush();
        }

        return 0;
    }

    internal static string Request(string folder, int frame, DecodeSize size) =>
        $"{folder}\t{frame.ToString(System.Globalization.CultureInfo.InvariantCulture)}\t{size.ToLine()}";

    private static string Decode(string folder, int frame, DecodeSize size, string gluePath, long maxPixels)
    {
        try
        {
            var image = DicomDecoder.Decode(Path.Combine(folder, "source.dcm"), gluePath, maxPixels, frame == DicomReader.AllFrames ? null : frame, size);
            File.WriteAllBytes(Path.Combine(folder, "pixels.bin"), image.Pixels);
            File.WriteAllBytes(Path.Combine(folder, "image.json"), JsonSerializer.SerializeToUtf8Bytes(image with { Pixels = [] }, DicomJson.Default.DicomImage));
            return "ok";
        }
        catch (SourceRejectedException e)
        {
            return $"rejected {e.Problem} {OneLine(e.Message)}{CeilingNote(folder, e)}";
        }
        catch (RendererUnavailableException e)
        {
            return "unavailable " + OneLine(e.Message);
        }
    }

    /// <summary>GDCM reports an allocation it could not make as a file it cannot read. Under a memory
    /// ceiling (Limits:DecodeMemoryBytes) a large, structurally sound file refused so is more likely
    /// too large for the ceiling than damaged: say so, so that the administrator knows what to raise.</summary>
    private static string CeilingNote(string folder, SourceRejectedException refused) =>
        refused.Problem == SourceProblem.Corrupt && Processes.MemoryCeiling.OfThisProcess() is { } ceiling
            && new FileInfo(Path.Combine(folder, "source.dcm")).Length * 3 > ceiling
            ? " It is large for the decoder's memory ceiling (Limits:DecodeMemoryBytes); with more it may decode."
            : "";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    internal static DicomImage ReadResult(string folder)
    {
        var image = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, "image.json")), DicomJson.Default.DicomImage)
            ?? throw new SourceRejectedException(SourceProblem.Corrupt, "The DICOM decoder gave no result.");
        return image with { Pixels = File.ReadAllBytes(Path.Combine(folder, "pixels.bin")) };
    }
}
