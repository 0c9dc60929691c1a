using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>Every libvips image one render makes, released together when the render ends: each holds
/// native memory the .NET collector does not see, so none may wait for a finalizer.</summary>
public sealed class ImageScope : IDisposable
{
    private readonly List<Image> _made = [];

    public Image Keep(Image image)
    {
        _made.Add(image);
        return image;
    }

    public void Dispose()
    {
        foreach (var image in _made)
        {
            image.Dispose();
        }

        _made.Clear();
    }
}
