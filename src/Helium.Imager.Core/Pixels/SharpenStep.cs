using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary><c>sharpen=σ</c>: libvips's unsharp mask on lightness.</summary>
public sealed class SharpenStep : IFrameStep
{
    public Image Apply(Image frame, FrameState state) =>
        state.Plan.Sharpen is { } sigma ? state.Scope.Keep(frame.Sharpen(sigma: sigma)) : frame;
}
