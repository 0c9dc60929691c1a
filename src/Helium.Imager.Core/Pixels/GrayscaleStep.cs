using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary><c>grayscale=true</c>: luminance, written back as sRGB so every encoder takes it alike.</summary>
public sealed class GrayscaleStep : IFrameStep
{
    public Image Apply(Image frame, FrameState state) => state.Plan.Grayscale
        ? state.Scope.Keep(state.Scope.Keep(frame.Colourspace(Enums.Interpretation.Bw)).Colourspace(Enums.Interpretation.Srgb))
        : frame;
}
