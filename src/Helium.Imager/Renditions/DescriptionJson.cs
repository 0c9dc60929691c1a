using System.Text.Json.Serialization;
using Helium.Imager.Core.Sources;

namespace Helium.Imager.Renditions;

/// <summary>?info=true as JSON, camelCase, without the properties a kind of source does not have.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SourceDescription))]
internal sealed partial class DescriptionJson : JsonSerializerContext;
