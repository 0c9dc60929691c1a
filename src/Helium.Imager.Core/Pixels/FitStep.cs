using Helium.Imager.Core.Transforms;
using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>
/// <c>fit=cover</c> cuts the resized frame to the box: at the gravity's point, or where libvips's
/// attention or entropy strategy finds the subject (<c>gravity=smart|entropy</c>; an animation keeps
/// the window its first frame chose, so its frames stay aligned). <c>fit=contain</c> places it on a
/// canvas of the background colour (transparent where the frame has alpha).
/// </summary>
public sealed class FitStep : IFrameStep
{
    public Image Apply(Image frame, FrameState state)
    {
        var geometry = state.Geometry;
        if (geometry.CropAfterResize is { } window)
        {
            return state.Scope.Keep(Cut(frame, window, state));
        }

        if (!geometry.Pads)
        {
            return frame;
        }

        var background = Colours.Background(state.Plan);
        return state.Scope.Keep(frame.Embed(geometry.OffsetX, geometry.OffsetY, geometry.CanvasWidth, geometry.CanvasHeight,
            extend: Enums.Extend.Background, background: frame.HasAlpha() ? [.. background, 255] : background));
    }

    private static Image Cut(Image frame, PixelRect window, FrameState state)
    {
        var interesting = state.Plan.Gravity.Strategy switch
        {
            GravityStrategy.Attention => Enums.Interesting.Attention,
            GravityStrategy.Entropy => Enums.Interesting.Entropy,
            _ => (Enums.Interesting?)null,
        };
        if (interesting is null)
        {
            return frame.ExtractArea(window.X, window.Y, window.Width, window.Height);
        }

        if (state.Choices.CoverWindow is { } chosen)
        {
            return frame.ExtractArea(chosen.X, chosen.Y, chosen.Width, chosen.Height);
        }

        var cut = frame.Smartcrop(window.Width, window.Height, interesting: interesting);
        // libvips records where it cut as the output's negative offset.
        state.Choices.CoverWindow = new PixelRect(-cut.Xoffset, -cut.Yoffset, window.Width, window.Height);
        return cut;
    }
}
