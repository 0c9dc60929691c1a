using Helium.Imager.Core.Problems;
using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary><c>crop=x,y,w,h</c> in upright full-resolution pixels (a crop disables shrink-on-load, so
/// the frame is at full resolution here); a window partly outside is cut to the image, one wholly
/// outside is the client's error.</summary>
public sealed class CropStep : IFrameStep
{
    public Image Apply(Image frame, FrameState state)
    {
        if (state.Plan.Crop is not { } crop)
        {
            return frame;
        }

        var right = Math.Min(crop.X + crop.Width, frame.Width);
        var bottom = Math.Min(crop.Y + crop.Height, frame.Height);
        if (crop.X >= frame.Width || crop.Y >= frame.Height || right <= crop.X || bottom <= crop.Y)
        {
            throw new SourceRejectedException(SourceProblem.CropOutside, $"crop: {crop} lies outside the {frame.Width}x{frame.Height} image.");
        }

        state.FullSize = (right - crop.X, bottom - crop.Y);
        return state.Scope.Keep(frame.ExtractArea(crop.X, crop.Y, right - crop.X, bottom - crop.Y));
    }
}
