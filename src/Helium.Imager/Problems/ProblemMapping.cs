using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Problems;

/// <summary>Which problem an exception is: the one place that decides, for the Core's exceptions and
/// the host's own. Exceptions it does not know are the server's fault (<see cref="ProblemType.Internal"/>).</summary>
public static class ProblemMapping
{
    /// <summary>The problem and the detail to send (the exception's own message, which this project
    /// writes in its own words), or null for an unexpected exception.</summary>
    public static (ProblemType Problem, string Detail)? Map(Exception exception) => exception switch
    {
        ProblemException known => (known.Problem, known.Message),
        InvalidTransformException invalid => (ProblemType.InvalidQuery, invalid.Message),
        SourceRejectedException rejected => (Of(rejected.Problem), rejected.Message),
        RendererUnavailableException missing => (ProblemType.RendererUnavailable, missing.Message),
        RenderResourcesExhaustedException exhausted => (ProblemType.Overloaded, exhausted.Message),
        // Only the decoders' helper processes throw it: their budget, not the client's deadline.
        TimeoutException timedOut => (ProblemType.UnprocessableSource, $"{timedOut.Message} Limits:DecodeTimeout bounds one decode: the file is too costly to decode, or damaged."),
        _ => null,
    };

    public static ProblemType Of(SourceProblem problem) => problem switch
    {
        SourceProblem.Unsupported => ProblemType.UnsupportedSource,
        SourceProblem.TooLarge => ProblemType.SourceTooLarge,
        SourceProblem.CropOutside or SourceProblem.PageOutOfRange or SourceProblem.ParameterNotApplicable => ProblemType.InvalidQuery,
        SourceProblem.Corrupt or SourceProblem.TooManyPixels or SourceProblem.Protected => ProblemType.UnprocessableSource,
        _ => ProblemType.UnprocessableSource,
    };
}
