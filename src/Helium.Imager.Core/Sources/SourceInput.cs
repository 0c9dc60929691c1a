using Helium.Imager.Core.Formats;

namespace Helium.Imager.Core.Sources;

/// <summary>A source's bytes and the format its signature showed.</summary>
public sealed record SourceInput(byte[] Bytes, SourceFormat Format);
