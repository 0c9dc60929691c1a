using Helium.Imager.Core.Dicom;

namespace Helium.Imager.Core.Rendering;

/// <summary>What <c>?info=true</c> tells about a source, without rendering it. For DICOM, the technical
/// attributes only: nothing that identifies a patient or a study.</summary>
public sealed record SourceDescription
{
    public required string Type { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>Frames of an animation or a multi-frame DICOM image.</summary>
    public int? Frames { get; init; }

    /// <summary>PDF: the number of pages; Width and Height are the first page's in points.</summary>
    public int? Pages { get; init; }

    public DicomDescription? Dicom { get; init; }
}

public sealed record DicomDescription(
    string TransferSyntax,
    string PhotometricInterpretation,
    int SamplesPerPixel,
    int BitsAllocated,
    int BitsStored,
    int PixelRepresentation,
    double RescaleSlope,
    double RescaleIntercept,
    IReadOnlyList<WindowDescription> Windows,
    bool HasModalityLut,
    bool HasVoiLut);

public sealed record WindowDescription(double Center, double Width, string Function);
