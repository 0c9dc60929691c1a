namespace Helium.Imager.Core.Transforms;

/// <summary>How the image meets a W×H box.</summary>
public enum Fit
{
    /// <summary>Fit inside the box, keep the aspect ratio (the classic thumbnail).</summary>
    Inside,

    /// <summary>Fit inside, then pad to exactly W×H with the background colour.</summary>
    Contain,

    /// <summary>Fill W×H, keep the aspect ratio, crop the overflow around the gravity.</summary>
    Cover,

    /// <summary>Stretch to exactly W×H.</summary>
    Fill,

    /// <summary>Cover the box without cropping: the smallest size at least W×H.</summary>
    Outside,
}
