using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary><c>rotate=90|180|270</c>, clockwise, after the crop and before the resize.</summary>
public sealed class RotateStep : IFrameStep
{
    public Image Apply(Image frame, FrameState state)
    {
        var angle = state.Plan.Rotate switch
        {
            90 => Enums.Angle.D90,
            180 => Enums.Angle.D180,
            270 => Enums.Angle.D270,
            _ => (Enums.Angle?)null,
        };
        if (angle is null)
        {
            return frame;
        }

        if (angle != Enums.Angle.D180)
        {
            state.FullSize = (state.FullSize.Height, state.FullSize.Width);
        }

        return state.Scope.Keep(frame.Rot(angle.Value));
    }
}
