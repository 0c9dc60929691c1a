namespace Helium.Imager.Core.Problems;

/// <summary>A source that cannot be rendered as asked, and why. The message is the server's own words
/// (safe to show a client); a library's message, when there is one, is the inner exception.</summary>
public sealed class SourceRejectedException : Exception
{
    public SourceRejectedException(SourceProblem problem, string message)
        : base(message) => Problem = problem;

    public SourceRejectedException(SourceProblem problem, string message, Exception innerException)
        : base(message, innerException) => Problem = problem;

    public SourceRejectedException()
    {
    }

    public SourceRejectedException(string message)
        : base(message)
    {
    }

    public SourceRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SourceProblem Problem { get; }
}
