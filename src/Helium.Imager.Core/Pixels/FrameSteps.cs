using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>The per-frame steps in the order they run: the user's crop addresses the upright source,
/// rotation follows it, the resize works on what is left, the fit cuts or pads the result, and the
/// effects see the output's own pixels.</summary>
public static class FrameSteps
{
    public static readonly IReadOnlyList<IFrameStep> InOrder =
    [
        new CropStep(), new RotateStep(), new ResizeStep(), new FitStep(),
        new FlipStep(), new BlurStep(), new SharpenStep(), new GrayscaleStep(),
    ];

    public static Image Apply(Image frame, FrameState state)
    {
        foreach (var step in InOrder)
        {
            frame = step.Apply(frame, state);
        }

        return frame;
    }
}
