using Helium.Imager.Core.Formats;

namespace Helium.Imager.Core.Sources;

/// <summary>The kind that reads a source, and the format it recognized.</summary>
public sealed record DetectedSource(ISourceKind Kind, SourceFormat Format);
