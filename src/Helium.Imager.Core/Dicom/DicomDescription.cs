namespace Helium.Imager.Core.Dicom;

/// <summary>A DICOM image's technical attributes for <c>?info=true</c>: nothing that identifies a
/// patient or a study.</summary>
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
