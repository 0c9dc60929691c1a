namespace Helium.Imager.Core.Formats;

/// <summary>The kinds of source this server decodes, decided from content, never from the key or the
/// stored Content-Type.</summary>
public enum SourceFormat
{
    Unknown,
    Jpeg,
    Png,
    Gif,
    WebP,
    Avif,
    Heic,
    Tiff,
    Jp2,
    Jxl,
    Bmp,
    Pdf,
    Dicom,
}
