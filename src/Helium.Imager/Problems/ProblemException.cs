namespace Helium.Imager.Problems;

/// <summary>A request that ends in a problem response of a known type. The message is the detail the
/// client reads, in the server's own words; a library's or the store's error is the inner exception,
/// which is logged, never sent.</summary>
public sealed class ProblemException : Exception
{
    public ProblemException(ProblemType problem, string detail)
        : base(detail) => Problem = problem;

    public ProblemException(ProblemType problem, string detail, Exception innerException)
        : base(detail, innerException) => Problem = problem;

    public ProblemException()
        : this(ProblemType.Internal, ProblemType.Internal.Title)
    {
    }

    public ProblemException(string message)
        : this(ProblemType.Internal, message)
    {
    }

    public ProblemException(string message, Exception innerException)
        : this(ProblemType.Internal, message, innerException)
    {
    }

    public ProblemType Problem { get; }
}
