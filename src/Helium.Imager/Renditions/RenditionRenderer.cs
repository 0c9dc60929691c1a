using System.Diagnostics;
using Helium.Imager.Core.Sources;
using Helium.Imager.Core.Transforms;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Renditions;

/// <summary>From a source's bytes and a plan to what the cache stores: the rendition, or the source's
/// description (<c>info=true</c>). The server's transforms and the <c>render</c> command both come here,
/// so that the command gives what the URL gives.</summary>
internal sealed class RenditionRenderer(SourceRenderer renderer, HeliumMetrics metrics, IOptions<LimitsOptions> limits)
{
    /// <summary>What one decode in a helper process may take: its own limit, within the transform's.</summary>
    private TimeSpan Budget => TimeSpan.FromTicks(Math.Min(limits.Value.DecodeTimeout.Ticks, limits.Value.TransformTimeout.Ticks));

    /// <param name="accept">The client's Accept header, for <c>format=auto</c>.</param>
    /// <param name="bytes">The whole source; the caller keeps it until the returned task has finished.</param>
    public async Task<RenderedObject> RenderAsync(ReadOnlyMemory<byte> bytes, TransformPlan plan, string? accept, CancellationToken cancellationToken)
    {
        var detected = renderer.Detect(bytes.Span[..Math.Min(bytes.Length, renderer.SignatureLength)])
            ?? throw new ProblemException(ProblemType.UnsupportedSource, $"The source is not a format this server reads ({string.Join(", ", renderer.Formats.Select(f => f.Title))}).");

        var budget = Budget;
        var started = Stopwatch.GetTimestamp();
        var output = plan.Info
            ? RenderedObject.From(await detected.Kind.DescribeAsync(new SourceInput(bytes, detected.Format), budget, cancellationToken))
            : RenderedObject.From(await renderer.RenderAsync(bytes, detected, plan, accept, budget, cancellationToken));
        metrics.Rendered(detected.Format.Name, Stopwatch.GetElapsedTime(started));
        return output;
    }

    /// <summary>What the cache stores, from byte ranges of the source (its head, then what the render
    /// needs), when its kind can render this source so; null when the whole source is needed.</summary>
    public async Task<RenderedObject?> TryRenderRangedAsync(ISourceRanges source, TransformPlan plan, string? accept, CancellationToken cancellationToken)
    {
        if (await HeadAsync(source, cancellationToken) is not var (head, detected))
        {
            return null;
        }

        var budget = Budget;
        var started = Stopwatch.GetTimestamp();
        RenderedObject? output = plan.Info
            ? await SourceRenderer.TryDescribeRangedAsync(source, head, detected, budget, cancellationToken) is { } description ? RenderedObject.From(description) : null
            : await renderer.TryRenderRangedAsync(source, head, detected, plan, accept, budget, cancellationToken) is { } rendition ? RenderedObject.From(rendition) : null;
        if (output is not null)
        {
            metrics.Rendered(detected.Format.Name, Stopwatch.GetElapsedTime(started));
        }

        return output;
    }

    /// <summary>What later ranged reads of the source need, learned ahead of them (bucket events);
    /// false when there was nothing to learn.</summary>
    public async Task<bool> TryIndexRangedAsync(ISourceRanges source, CancellationToken cancellationToken) =>
        await HeadAsync(source, cancellationToken) is var (head, detected) && await SourceRenderer.TryIndexRangedAsync(source, head, detected, cancellationToken);

    /// <summary>The source's first bytes and what they are; null when no kind knows them.</summary>
    private async Task<(byte[] Head, DetectedSource Detected)?> HeadAsync(ISourceRanges source, CancellationToken cancellationToken)
    {
        var head = await source.ReadAsync(0, (int)Math.Min(source.Length, SourceRenderer.RangedHeadBytes), cancellationToken);
        return renderer.Detect(head.AsSpan(0, Math.Min(head.Length, renderer.SignatureLength))) is { } detected ? (head, detected) : null;
    }
}
