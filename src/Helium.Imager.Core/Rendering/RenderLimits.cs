using Helium.Imager.Core.Problems;

namespace Helium.Imager.Core.Rendering;

/// <summary>Bounds a render keeps to, from the server's Limits settings.</summary>
/// <param name="MaxConcurrentRenders">Renders at once: how many helper processes (DICOM workers) are
/// worth keeping warm.</param>
/// <param name="MaxSourceBytes">The most a source may hold once unpacked (a deflated DICOM data set).</param>
/// <param name="DecodeMemoryBytes">Each helper process's memory ceiling (DICOM workers, MuPDF, dcmtk).</param>
public sealed record RenderLimits(int MaxOutputDimension, long MaxSourcePixels, int MaxAnimationFrames, int MaxConcurrentRenders = 1, long MaxSourceBytes = 100L * 1024 * 1024, long DecodeMemoryBytes = 1L << 30)
{
    /// <summary>Refuses an image larger than Limits:MaxSourcePixels, from the size its header declares,
    /// before any pixel is decoded.</summary>
    public void RequireWithinPixels(long width, long height)
    {
        if (width * height > MaxSourcePixels)
        {
            throw new SourceRejectedException(SourceProblem.TooManyPixels,
                $"The source is {width}x{height} ({width * height / 1_000_000.0:0.#} MP); the limit is {MaxSourcePixels / 1_000_000.0:0.#} MP.");
        }
    }
}
