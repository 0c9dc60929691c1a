using Helium.Imager.Problems;

namespace Helium.Imager.Transforms;

/// <summary>A transform request that ends in a problem response.</summary>
public sealed class TransformFailedException : Exception
{
    public TransformFailedException(ProblemType problem, string detail)
        : base(detail) => Problem = problem;

    public TransformFailedException()
    {
        Problem = ProblemType.UnprocessableSource;
    }

    public TransformFailedException(string message)
        : base(message) => Problem = ProblemType.UnprocessableSource;

    public TransformFailedException(string message, Exception innerException)
        : base(message, innerException) => Problem = ProblemType.UnprocessableSource;

    public ProblemType Problem { get; }
}
