using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Sources;

/// <summary>A kind that can render some of its sources from a few byte ranges instead of the whole
/// object (a frame of a large multi-frame DICOM object). Each method answers null when this source
/// needs the whole object; the caller then reads it and asks <see cref="ISourceKind"/>.</summary>
public interface IRangedSourceKind
{
    /// <param name="head">The object's first bytes, as read to recognise it.</param>
    /// <param name="timeout">The budget for a decode in a helper process.</param>
    Task<Rendition?> TryRenderRangedAsync(ISourceRanges source, byte[] head, TransformPlan plan, FormatChoice choice, TimeSpan timeout, CancellationToken cancellationToken);

    Task<SourceDescription?> TryDescribeRangedAsync(ISourceRanges source, byte[] head, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Learns, ahead of any request, what requests for parts of this source will need (where
    /// a multi-frame object's frames begin), so that the first of them reads only its part. False when
    /// there is nothing to learn, or the source is not as expected (its requests then find out).</summary>
    Task<bool> TryIndexRangedAsync(ISourceRanges source, byte[] head, CancellationToken cancellationToken);
}
