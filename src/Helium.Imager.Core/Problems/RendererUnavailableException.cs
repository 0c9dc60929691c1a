namespace Helium.Imager.Core.Problems;

/// <summary>A renderer's helper program is missing from the machine: a server problem, not the client's.</summary>
public sealed class RendererUnavailableException : Exception
{
    public RendererUnavailableException()
    {
    }

    public RendererUnavailableException(string message)
        : base(message)
    {
    }

    public RendererUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
