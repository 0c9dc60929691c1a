namespace Helium.Imager.Core.Transforms;

/// <summary>A window: centre and width in modality units, and the function applying it.</summary>
public readonly record struct VoiWindow(double Center, double Width, VoiFunction Function);
