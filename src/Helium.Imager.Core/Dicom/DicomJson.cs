using System.Text.Json.Serialization;

namespace Helium.Imager.Core.Dicom;

/// <summary>The decoded image as the DICOM worker hands it to the server: attributes as JSON beside the pixels.</summary>
[JsonSerializable(typeof(DicomImage))]
internal sealed partial class DicomJson : JsonSerializerContext;
