using Helium.Imager.Core.Transforms;
using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary><c>flip=h|v|hv</c>, mirroring the output.</summary>
public sealed class FlipStep : IFrameStep
{
    public Image Apply(Image frame, FrameState state)
    {
        if (state.Plan.Flip.HasFlag(Flip.Horizontal))
        {
            frame = state.Scope.Keep(frame.Flip(Enums.Direction.Horizontal));
        }

        if (state.Plan.Flip.HasFlag(Flip.Vertical))
        {
            frame = state.Scope.Keep(frame.Flip(Enums.Direction.Vertical));
        }

        return frame;
    }
}
