using Microsoft.AspNetCore.Diagnostics;

namespace Helium.Imager.Problems;

/// <summary>The exception handler's answer to an exception no endpoint answered: a known problem as
/// itself, anything else as 500 with the project's own type and none of the exception's words (the
/// exception handler middleware has already logged it).</summary>
internal static class UnexpectedErrors
{
    public static Task HandleAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (problem, detail) = (exception is null ? null : ProblemMapping.Map(exception)) ?? (ProblemType.Internal, ProblemType.Internal.DefaultDetail!);
        return ProblemResponses.WriteAsync(context, problem, detail);
    }
}
