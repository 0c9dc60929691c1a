using Helium.Imager.Core.Geometry;
using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>Works out where the pixels go (<see cref="ResizeGeometry"/>, from the full-resolution size,
/// so that a shrunk-on-load frame ends at the same size as a full decode) and resizes with Lanczos3 to
/// exactly that size.</summary>
public sealed class ResizeStep : IFrameStep
{
    public Image Apply(Image frame, FrameState state)
    {
        var geometry = ResizeGeometry.Compute(state.FullSize.Width, state.FullSize.Height, state.Plan, state.MaxOutputDimension);
        state.Geometry = geometry;
        if (geometry.ResizeWidth == frame.Width && geometry.ResizeHeight == frame.Height)
        {
            return frame;
        }

        var resized = state.Scope.Keep(frame.Resize((double)geometry.ResizeWidth / frame.Width, kernel: Enums.Kernel.Lanczos3,
            vscale: (double)geometry.ResizeHeight / frame.Height));
        if (resized.Width == geometry.ResizeWidth && resized.Height == geometry.ResizeHeight)
        {
            return resized;
        }

        // libvips rounds each side to the nearest pixel, which may be one off the size asked for.
        var cut = state.Scope.Keep(resized.ExtractArea(0, 0, Math.Min(geometry.ResizeWidth, resized.Width), Math.Min(geometry.ResizeHeight, resized.Height)));
        return state.Scope.Keep(cut.Embed(0, 0, geometry.ResizeWidth, geometry.ResizeHeight, extend: Enums.Extend.Copy));
    }
}
