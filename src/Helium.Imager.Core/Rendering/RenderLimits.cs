namespace Helium.Imager.Core.Rendering;

/// <summary>Bounds a render keeps to, from the server's Limits settings.</summary>
/// <param name="MaxConcurrentRenders">Renders at once: how many helper processes (DICOM workers) are
/// worth keeping warm.</param>
public sealed record RenderLimits(int MaxOutputDimension, long MaxSourcePixels, int MaxAnimationFrames, int MaxConcurrentRenders = 1);
