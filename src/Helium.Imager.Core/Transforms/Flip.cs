namespace Helium.Imager.Core.Transforms;

/// <summary>Mirroring after rotation.</summary>
[Flags]
public enum Flip
{
    None = 0,
    Horizontal = 1,
    Vertical = 2,
}
