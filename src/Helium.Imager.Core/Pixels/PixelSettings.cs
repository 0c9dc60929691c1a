namespace Helium.Imager.Core.Pixels;

/// <summary>How the pixel pipeline runs, from the <c>Renderers</c> settings section.</summary>
public sealed class PixelSettings
{
    /// <summary><c>Renderers:VipsThreads</c>: threads libvips may use for one render. Renders already
    /// run side by side (Limits:MaxConcurrentTransforms, one per core by default), so one thread each
    /// keeps the cores from being oversubscribed; more helps a machine that renders few large images.</summary>
    public int VipsThreads { get; set; } = 1;

    public static IEnumerable<string> Failures(PixelSettings settings)
    {
        if (settings.VipsThreads is < 1 or > 64)
        {
            yield return "Renderers:VipsThreads must be from 1 to 64.";
        }
    }
}
