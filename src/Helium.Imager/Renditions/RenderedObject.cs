using System.Text.Json;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;

namespace Helium.Imager.Renditions;

/// <summary>What a transform produces and the cache stores: an image, or a source description.</summary>
internal sealed record RenderedObject(byte[] Content, string ContentType, IReadOnlyDictionary<string, string> Labels)
{
    public static RenderedObject From(Rendition rendition) => new(rendition.Content, rendition.ContentType, rendition.Labels);

    public static RenderedObject From(SourceDescription description) =>
        new(JsonSerializer.SerializeToUtf8Bytes(description, DescriptionJson.Default.SourceDescription), "application/json", new Dictionary<string, string>());
}
