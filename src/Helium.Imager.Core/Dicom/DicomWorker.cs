using System.Text.Json;
using System.Text.Json.Serialization;
using Helium.Imager.Core.Pdf;
using Helium.Imager.Core.Rendering;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// The child-process side of DICOM decoding: given a private folder holding source.dcm, decodes it and
/// writes image.json (attributes) and pixels.bin (decoded frames) beside it. Exit 0 on success,
/// <see cref="RejectedExitCode"/> with the reason on stderr when the file is refused; anything else
/// (an abort inside GDCM, a crash) is the parent's sign that the decoder died on this input.
/// </summary>
public static class DicomWorker
{
    public const string Verb = "decode-dicom";
    public const int RejectedExitCode = 3;
    public const int UnavailableExitCode = 4;

    public static int Run(string folder, string gluePath, TextWriter error)
    {
        try
        {
            var image = DicomDecoder.Decode(Path.Combine(folder, "source.dcm"), gluePath);
            File.WriteAllBytes(Path.Combine(folder, "pixels.bin"), image.Pixels);
            File.WriteAllBytes(Path.Combine(folder, "image.json"), JsonSerializer.SerializeToUtf8Bytes(image with { Pixels = [] }, DicomJson.Default.DicomImage));
            return 0;
        }
        catch (SourceRejectedException e)
        {
            error.Write(e.Message);
            return RejectedExitCode;
        }
        catch (RendererUnavailableException e)
        {
            error.Write(e.Message);
            return UnavailableExitCode;
        }
    }

    internal static DicomImage ReadResult(string folder)
    {
        var image = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, "image.json")), DicomJson.Default.DicomImage)
            ?? throw new SourceRejectedException(SourceProblem.Corrupt, "The DICOM decoder gave no result.");
        return image with { Pixels = File.ReadAllBytes(Path.Combine(folder, "pixels.bin")) };
    }
}

[JsonSerializable(typeof(DicomImage))]
internal sealed partial class DicomJson : JsonSerializerContext;
