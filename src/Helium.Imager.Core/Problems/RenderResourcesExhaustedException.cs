namespace Helium.Imager.Core.Problems;

/// <summary>The renderer refused to allocate pixels within its resource limits (memory, area): the
/// server is short of its rendering budget now, which another attempt may not be.</summary>
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
