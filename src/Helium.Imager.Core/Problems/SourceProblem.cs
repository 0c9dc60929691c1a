namespace Helium.Imager.Core.Problems;

/// <summary>Why a source cannot be rendered. The host's problem table says what each means to a client.</summary>
public enum SourceProblem
{
    /// <summary>Not a format this server decodes.</summary>
    Unsupported,

    /// <summary>Recognized but undecodable: truncated, corrupt, inconsistent.</summary>
    Corrupt,

    /// <summary>More pixels than Limits:MaxSourcePixels, seen in the header before decoding.</summary>
    TooManyPixels,

    /// <summary>More bytes than Limits:MaxSourceBytes once unpacked (a deflated DICOM data set).</summary>
    TooLarge,

    /// <summary>The requested crop does not overlap the image.</summary>
    CropOutside,

    /// <summary>The requested page does not exist.</summary>
    PageOutOfRange,

    /// <summary>The document is password-protected.</summary>
    Protected,

    /// <summary>A parameter was given that this kind of source has no use for.</summary>
    ParameterNotApplicable,
}
