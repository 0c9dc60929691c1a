using System.Text.Json;
using System.Text.Json.Serialization;
using Helium.Imager.Core.Rendering;

namespace Helium.Imager.Transforms;

/// <summary>What a transform produces and the cache stores: an image, or a source description.</summary>
internal sealed record RenderedObject(byte[] Content, string ContentType)
{
    public static RenderedObject From(Rendition rendition) => new(rendition.Content, rendition.ContentType);

    public static RenderedObject From(SourceDescription description) =>
        new(JsonSerializer.SerializeToUtf8Bytes(description, DescriptionJson.Default.SourceDescription), "application/json");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SourceDescription))]
internal sealed partial class DescriptionJson : JsonSerializerContext;
