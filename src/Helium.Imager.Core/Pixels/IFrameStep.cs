using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>One step of the per-frame part of the pipeline (every frame of an animation goes through
/// all of them); a step the plan does not ask for returns its input.</summary>
public interface IFrameStep
{
    Image Apply(Image frame, FrameState state);
}
