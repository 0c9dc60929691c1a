namespace Helium.Imager.Core.Dicom;

/// <summary>
/// How long each frame of a multi-frame image shows when it plays as a clip: Frame Time (0018,1063),
/// else Frame Time Vector (0018,1065: the time since the previous frame, 0 for the first), else
/// Recommended Display Frame Rate (0008,2144), else 10 frames a second. A clip longer than the frame
/// limit keeps frames spread evenly over it, each shown until the next kept one: the clip lasts as
/// long as the original.
/// </summary>
public static class CineTiming
{
    public const double DefaultFrameRate = 10;

    /// <summary>Milliseconds each frame shows, one a frame.</summary>
    public static double[] Delays(DicomImage image)
    {
        var frames = image.Frames;
        if (image.FrameTime is > 0 and var time)
        {
            return Enumerable.Repeat(time, frames).ToArray();
        }

        if (image.FrameTimeVector.Count == frames && frames > 1 && image.FrameTimeVector.Skip(1).All(t => t > 0))
        {
            // Frame i shows until frame i + 1 comes; the last as long as the one before it.
            return Enumerable.Range(0, frames).Select(i => image.FrameTimeVector[Math.Min(i + 1, frames - 1)]).ToArray();
        }

        var rate = image.RecommendedFrameRate is > 0 and var recommended ? recommended : DefaultFrameRate;
        return Enumerable.Repeat(1000 / rate, frames).ToArray();
    }

    /// <summary>The frames (0-based) to keep of a clip, at most <paramref name="maxFrames"/>, and how long
    /// each shows.</summary>
    public static (int[] Frames, int[] DelaysMs) Sample(double[] delays, int maxFrames)
    {
        var count = Math.Min(delays.Length, Math.Max(1, maxFrames));
        var kept = Enumerable.Range(0, count).Select(j => (int)((long)j * delays.Length / count)).ToArray();
        var shown = new int[count];
        for (var j = 0; j < count; j++)
        {
            var until = j + 1 < count ? kept[j + 1] : delays.Length;
            shown[j] = (int)Math.Round(delays[kept[j]..until].Sum());
        }

        return (kept, shown);
    }
}
