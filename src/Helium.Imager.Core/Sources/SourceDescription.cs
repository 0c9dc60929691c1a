using System.Text.Json;
using System.Text.Json.Serialization;

namespace Helium.Imager.Core.Sources;

/// <summary>What <c>?info=true</c> tells about a source, without rendering it: what every kind has, and
/// what only one kind has under a property of its own (<c>"dicom": {…}</c>).</summary>
public sealed record SourceDescription
{
    public required string Type { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>Frames of an animation or a multi-frame DICOM image.</summary>
    public int? Frames { get; init; }

    /// <summary>PDF: the number of pages; Width and Height are the first page's in points.</summary>
    public int? Pages { get; init; }

    /// <summary>Kind-specific attributes, written beside the common ones.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Details { get; set; }
}
