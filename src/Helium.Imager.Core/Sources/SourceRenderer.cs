using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Sources;

/// <summary>
/// Renders any source through the registered kinds: recognizes the source by its first
/// bytes (never by its key or stored type), refuses parameters that make no sense for its kind, and
/// hands it to its kind. Kinds are asked in registration order, so the one whose signature may hide
/// another's (a DICOM preamble may hold a TIFF header) is registered first.
/// </summary>
public sealed class SourceRenderer
{
    private readonly ISourceKind[] _kinds;

    public SourceRenderer(IEnumerable<ISourceKind> kinds)
    {
        _kinds = [.. kinds];
        SignatureLength = _kinds.Max(kind => kind.SignatureLength);
    }

    /// <summary>How much of a large source is read first when it may be read by range: enough to
    /// recognise it and, for DICOM, usually to hold everything before the pixel data.</summary>
    public const int RangedHeadBytes = 64 * 1024;

    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public int SignatureLength { get; }

    public IEnumerable<SourceFormat> Formats => _kinds.SelectMany(kind => kind.Formats);

    public DetectedSource? Detect(ReadOnlySpan<byte> head)
    {
        foreach (var kind in _kinds)
        {
            if (kind.Detect(head) is { } format)
            {
                return new DetectedSource(kind, format);
            }
        }

        return null;
    }

    /// <summary>Null when every kind can render; otherwise the first reason one cannot.</summary>
    public async Task<string?> CheckAvailableAsync(CancellationToken cancellationToken)
    {
        foreach (var kind in _kinds)
        {
            if (await kind.CheckAvailableAsync(cancellationToken) is { } missing)
            {
                return missing;
            }
        }

        return null;
    }

    public Task<Rendition> RenderAsync(ReadOnlyMemory<byte> source, DetectedSource detected, TransformPlan plan, string? accept, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RefuseForeignParameters(detected, plan);
        var choice = FormatChoice.For(plan.Format, detected.Format, accept, plan.AllFrames);
        return detected.Kind.RenderAsync(new SourceInput(source, detected.Format), plan, choice, timeout, cancellationToken);
    }

    /// <summary>The rendition from byte ranges of the source, when its kind can read this one so
    /// (<see cref="IRangedSourceKind"/>); null when the whole source is needed.</summary>
    public Task<Rendition?> TryRenderRangedAsync(ISourceRanges source, byte[] head, DetectedSource detected, TransformPlan plan, string? accept, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (detected.Kind is not IRangedSourceKind ranged)
        {
            return Task.FromResult<Rendition?>(null);
        }

        RefuseForeignParameters(detected, plan);
        return ranged.TryRenderRangedAsync(source, head, plan, FormatChoice.For(plan.Format, detected.Format, accept, plan.AllFrames), timeout, cancellationToken);
    }

    /// <summary>The description from byte ranges of the source; null when the whole source is needed.</summary>
    public static Task<SourceDescription?> TryDescribeRangedAsync(ISourceRanges source, byte[] head, DetectedSource detected, TimeSpan timeout, CancellationToken cancellationToken) =>
        detected.Kind is IRangedSourceKind ranged ? ranged.TryDescribeRangedAsync(source, head, timeout, cancellationToken) : Task.FromResult<SourceDescription?>(null);

    /// <summary>What later ranged reads of the source need, learned now (<see cref="IRangedSourceKind.TryIndexRangedAsync"/>).</summary>
    public static Task<bool> TryIndexRangedAsync(ISourceRanges source, byte[] head, DetectedSource detected, CancellationToken cancellationToken) =>
        detected.Kind is IRangedSourceKind ranged ? ranged.TryIndexRangedAsync(source, head, cancellationToken) : Task.FromResult(false);

    private void RefuseForeignParameters(DetectedSource detected, TransformPlan plan)
    {
        foreach (var name in plan.SourceSpecificParameters())
        {
            if (!detected.Kind.Parameters.Contains(name))
            {
                var owners = _kinds.Where(kind => kind.Parameters.Contains(name)).ToList();
                var only = owners.Count == 0 ? "no source takes it" : $"only {string.Join(" and ", owners.Select(o => $"{o.Name} sources {o.ParametersPurpose}"))}";
                throw new SourceRejectedException(SourceProblem.ParameterNotApplicable, $"{name}: {only}; this source is {detected.Format.Title}.");
            }
        }
    }
}
