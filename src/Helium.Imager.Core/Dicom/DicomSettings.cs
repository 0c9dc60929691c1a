namespace Helium.Imager.Core.Dicom;

/// <summary>How DICOM is decoded, from the <c>Renderers</c> settings section.</summary>
public sealed class DicomSettings
{
    /// <summary><c>Renderers:GdcmGlue</c>: GDCM's native glue library.</summary>
    public string GdcmGlue { get; set; } = GdcmRuntime.DefaultGluePath;

    /// <summary><c>Renderers:IsolateDicom</c>: decode in long-lived child processes, so that a decoder
    /// abort ends one request, not the server.</summary>
    public bool IsolateDicom { get; set; } = true;
}
