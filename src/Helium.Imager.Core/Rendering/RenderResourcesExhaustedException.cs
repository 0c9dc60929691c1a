namespace Helium.Imager.Core.Rendering;

/// <summary>ImageMagick refused to allocate pixels within its resource limits (memory, area): the
/// server is short of its rendering budget now, which another attempt may not be (503).</summary>
public sealed class RenderResourcesExhaustedException : Exception
{
    public RenderResourcesExhaustedException()
    {
    }

    public RenderResourcesExhaustedException(string message)
        : base(message)
    {
    }

    public RenderResourcesExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
