using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary><c>blur=σ</c>: a Gaussian blur of the output.</summary>
public sealed class BlurStep : IFrameStep
{
    public Image Apply(Image frame, FrameState state) =>
        state.Plan.Blur is { } sigma ? state.Scope.Keep(frame.Gaussblur(sigma)) : frame;
}
