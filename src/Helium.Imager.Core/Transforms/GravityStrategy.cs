namespace Helium.Imager.Core.Transforms;

/// <summary>How a cover crop chooses its window: at the gravity's point, or where the picture is.</summary>
public enum GravityStrategy
{
    /// <summary>Around the gravity's point (a named direction or a focal point).</summary>
    Point,

    /// <summary><c>gravity=smart</c>: where the eye goes (libvips's attention: skin tones, saturated
    /// colour, edges).</summary>
    Attention,

    /// <summary><c>gravity=entropy</c>: where there is the most detail.</summary>
    Entropy,
}
