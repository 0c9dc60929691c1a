using Helium.Imager.Core.Formats;

namespace Helium.Imager.Core.Sources;

/// <summary>A source's bytes and the format its signature showed. The bytes may be a slice of a longer
/// buffer (<see cref="SourceMemory"/>), valid until the render or description returns.</summary>
public sealed record SourceInput(ReadOnlyMemory<byte> Bytes, SourceFormat Format);
