namespace Helium.Imager.Core.Rendering;

/// <summary>Why a source cannot be rendered; each maps to one client-facing status.</summary>
public enum SourceProblem
{
    /// <summary>Not a format this server decodes (415).</summary>
    Unsupported,

    /// <summary>Recognized but undecodable: truncated, corrupt, inconsistent (422).</summary>
    Corrupt,

    /// <summary>More pixels than Limits:MaxSourcePixels, seen in the header before decoding (422).</summary>
    TooManyPixels,

    /// <summary>The requested crop does not overlap the image (400).</summary>
    CropOutside,

    /// <summary>The requested page does not exist (400).</summary>
    PageOutOfRange,

    /// <summary>The document is password-protected (422).</summary>
    Protected,

    /// <summary>A parameter was given that this kind of source has no use for (400).</summary>
    ParameterNotApplicable,
}

public sealed class SourceRejectedException : Exception
{
    public SourceRejectedException(SourceProblem problem, string message)
        : base(message) => Problem = problem;

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
