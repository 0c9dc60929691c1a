using Helium.Imager.Core.Geometry;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Pixels;

/// <summary>
/// What the frame steps of one frame share: the plan, the output bound, the render's images, and the
/// size the frame would have at full resolution (larger than the frame itself when the decoder shrank
/// it on load), which each geometric step updates for the next.
/// </summary>
public sealed class FrameState(TransformPlan plan, int maxOutputDimension, ImageScope scope, (int Width, int Height) fullSize, FrameChoices choices)
{
    public TransformPlan Plan { get; } = plan;

    public int MaxOutputDimension { get; } = maxOutputDimension;

    public ImageScope Scope { get; } = scope;

    public (int Width, int Height) FullSize { get; set; } = fullSize;

    /// <summary>Set by the resize step for the fit step that follows it.</summary>
    public ResizeGeometry Geometry { get; set; }

    /// <summary>Decisions made on an animation's first frame and kept for the others.</summary>
    public FrameChoices Choices { get; } = choices;
}

/// <summary>Decisions made on an animation's first frame and kept for the others, so that the frames
/// of one animation stay aligned.</summary>
public sealed class FrameChoices
{
    /// <summary>Where a smart or entropy crop cut the first frame.</summary>
    public PixelRect? CoverWindow { get; set; }
}
