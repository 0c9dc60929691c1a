namespace Helium.Imager.Core.Dicom;

/// <summary>A DICOM image's technical attributes for <c>?info=true</c>: nothing that identifies a
/// patient or a study. Of a multi-frame image, how <c>frame=all</c> plays it: the mean time a frame
/// shows and the clip's length (<see cref="CineTiming"/>). Of a tiled image (whole-slide microscopy),
/// its whole plane: Total Pixel Matrix Columns, Rows.</summary>
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
    bool HasVoiLut,
    double? FrameTimeMs = null,
    double? ClipDurationMs = null,
    IReadOnlyList<int>? TotalPixelMatrix = null);
