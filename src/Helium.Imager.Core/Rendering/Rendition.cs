using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Rendering;

/// <summary>An encoded result.</summary>
public sealed record Rendition(byte[] Content, ImageFormat Format, int Width, int Height)
{
    public string ContentType => ImageFormats.ContentType(Format);

    /// <summary>What is known of the source that an audit trail records beside the rendition (a DICOM
    /// instance's Study, Series and SOP Instance UIDs), kept with it in the cache; never logged by the
    /// request log.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
