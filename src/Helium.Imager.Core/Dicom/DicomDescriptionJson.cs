using System.Text.Json.Serialization;

namespace Helium.Imager.Core.Dicom;

/// <summary>The <c>"dicom"</c> object of <c>?info=true</c>, in the same camelCase as the rest.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DicomDescription))]
internal sealed partial class DicomDescriptionJson : JsonSerializerContext;
