using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Sources;

/// <summary>
/// One kind of source (raster images, PDF documents, DICOM objects): which formats it reads and how to
/// recognize them, which source-specific parameters it takes, whether the program or library it needs
/// is installed, and how it renders and describes a source. <see cref="SourceRenderer"/> dispatches to
/// the registered kinds; a new kind is a new folder with one of these and its registration.
/// </summary>
public interface ISourceKind
{
    /// <summary>How the kind is named in messages: "PDF", "DICOM".</summary>
    string Name { get; }

    IReadOnlyList<SourceFormat> Formats { get; }

    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    int SignatureLength { get; }

    /// <summary>The format whose signature the first bytes carry, or null.</summary>
    SourceFormat? Detect(ReadOnlySpan<byte> head);

    /// <summary>The source-specific parameters (<see cref="TransformPlan.SourceSpecificParameters"/>)
    /// this kind takes.</summary>
    IReadOnlySet<string> Parameters { get; }

    /// <summary>What those parameters are for, completing "only {Name} sources …" when another kind of
    /// source is given one.</summary>
    string ParametersPurpose { get; }

    /// <summary>Null when the kind can render; otherwise why not, naming the Debian package to install.</summary>
    Task<string?> CheckAvailableAsync(CancellationToken cancellationToken);

    Task<Rendition> RenderAsync(SourceInput source, TransformPlan plan, FormatChoice choice, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The source's size, frame or page count and technical attributes, without rendering it.</summary>
    Task<SourceDescription> DescribeAsync(SourceInput source, TimeSpan timeout, CancellationToken cancellationToken);
}
