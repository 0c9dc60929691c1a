using Helium.Imager.Addressing;
using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Transforms;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Settings;
using Helium.Imager.Stores;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Renditions;

/// <summary>
/// One transform request: plan → source version → cache key → 304, cache hit, or a render that runs
/// once per key however many requests ask for it at the same time (single-flight), within the gate's
/// concurrency, queue and per-client limits, and is written to the cache while it is answered
/// (<see cref="RenditionWrites"/>). Whatever goes wrong
/// is thrown, as a <see cref="ProblemException"/> or an exception <see cref="ProblemMapping"/> knows.
/// </summary>
internal sealed class TransformService(
    TransformParser parser,
    SourceVersions versions,
    ISourceStore sources,
    IRenditionCache cache,
    RenditionWrites writes,
    RenditionRenderer renditions,
    TransformGate gate,
    HeliumMetrics metrics,
    IOptions<LimitsOptions> limits,
    IOptions<SecurityOptions> security)
{
    private readonly SingleFlight<RenderedObject> _flights = new();

    /// <param name="client">Whose render quota a new render counts against (<see cref="RenderClient"/>).</param>
    public async Task<TransformOutcome> RunAsync(ObjectAddress address, IReadOnlyList<KeyValuePair<string, string>> query, string client, string? accept, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        try
        {
            return await RunOnceAsync(address, query, client, accept, ifNoneMatch, cancellationToken);
        }
        catch (ProblemException changed) when (changed.Problem == ProblemType.SourceChanged)
        {
            // The source was replaced after its version was known (remembered for Cache:SourceRecheck,
            // or between HEAD and GET): once more from a fresh HEAD, under the new version's key.
            versions.Forget(address);
            return await RunOnceAsync(address, query, client, accept, ifNoneMatch, cancellationToken);
        }
    }

    private async Task<TransformOutcome> RunOnceAsync(ObjectAddress address, IReadOnlyList<KeyValuePair<string, string>> query, string client, string? accept, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        if (security.Value.PresetsOnly && query.FirstOrDefault(p => !IsAllowedInPresetsOnlyMode(p)) is { Key: not null } refused)
        {
            throw new ProblemException(ProblemType.InvalidQuery, $"{refused.Key}: this server accepts only preset= (and format=auto); Security:PresetsOnly is on.");
        }

        var plan = parser.Parse(query);

        var version = await versions.GetAsync(address, cancellationToken) ?? throw NotFound(address);
        if (version.Length > limits.Value.MaxObjectBytes)
        {
            throw new ProblemException(ProblemType.SourceTooLarge, $"The source is {version.Length} bytes; Limits:MaxObjectBytes is {limits.Value.MaxObjectBytes}.");
        }

        if (version.Length > limits.Value.MaxSourceBytes && version.Length <= limits.Value.RangedReadAbove)
        {
            // Too small to be read by range, too large to be read whole: refused before anything.
            throw SourceTooLarge(version);
        }

        var variesWithAccept = plan.Format == RequestedFormat.Auto;
        var hash = RenditionKey.Hash(address, version, plan.Canonical(), FormatChoice.KeyToken(plan.Format, accept, plan.AllFrames));
        if (ifNoneMatch is not null && ifNoneMatch.Contains($"\"{hash}\"", StringComparison.Ordinal))
        {
            return new TransformOutcome.NotModified(hash, variesWithAccept);
        }

        var objectKey = RenditionKey.ObjectKey(address, hash);
        if (_flights.TryGetSettling(hash, out var settling))
        {
            // Rendered here a moment ago and still being written to the cache: a hit from memory.
            metrics.Hit();
            return new TransformOutcome.Hit(hash, variesWithAccept, new CachedRendition(new MemoryStream(settling.Content, writable: false), settling.Content.Length, settling.ContentType, settling.Labels));
        }

        if (await cache.OpenAsync(objectKey, cancellationToken) is { } cached)
        {
            metrics.Hit();
            return new TransformOutcome.Hit(hash, variesWithAccept, cached);
        }

        metrics.Missed();
        // The render counts against the client that started it; whoever joins it waits for free.
        var flight = _flights.RunAsync(hash, () => RenderAsync(address, version, plan, client, accept), output => writes.WriteAsync(address, objectKey, output));
        try
        {
            var output = await flight.WaitAsync(limits.Value.TransformTimeout, cancellationToken);
            return new TransformOutcome.Fresh(hash, variesWithAccept, output);
        }
        catch (Exception e) when ((e is TimeoutException && !flight.IsCompleted) || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Either this request stopped waiting, or the shared render hit its own deadline first. (A
            // helper's TimeoutException, from a finished flight, is its decode budget: ProblemMapping.)
            throw new ProblemException(ProblemType.TransformTimeout, $"The transform took longer than Limits:TransformTimeout ({limits.Value.TransformTimeout.TotalSeconds:0.#} s).");
        }
    }

    /// <summary>The shared computation. Not tied to any one request's cancellation: others may be
    /// waiting for it; it is bounded by the transform timeout instead.</summary>
    private async Task<RenderedObject> RenderAsync(ObjectAddress address, SourceVersion version, TransformPlan plan, string client, string? accept)
    {
        using var timeout = new CancellationTokenSource(limits.Value.TransformTimeout);
        using var slot = await gate.EnterAsync(client, timeout.Token);

        var maxBytes = limits.Value.MaxSourceBytes;
        if (version.Length > limits.Value.RangedReadAbove
            && await renditions.TryRenderRangedAsync(new StoreRanges(sources, address, version, maxBytes), plan, accept, timeout.Token) is { } ranged)
        {
            return ranged;
        }

        if (version.Length > maxBytes)
        {
            throw SourceTooLarge(version);
        }

        using var bytes = await sources.ReadAsync(address, version, maxBytes, timeout.Token) ?? throw NotFound(address);
        return await renditions.RenderAsync(bytes.Memory, plan, accept, timeout.Token);
    }

    /// <summary>Learns ahead of any request what reading a new object by range will need (where the
    /// frames of a large multi-frame DICOM object without an offset table begin: a walk of hundreds of
    /// item headers that would otherwise fall on its first request). Objects read whole have nothing
    /// to learn: false.</summary>
    public async Task<bool> IndexAsync(ObjectAddress address, CancellationToken cancellationToken)
    {
        var version = await versions.GetAsync(address, cancellationToken) ?? throw NotFound(address);
        if (version.Length <= limits.Value.RangedReadAbove || version.Length > limits.Value.MaxObjectBytes)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.Value.TransformTimeout);
        return await renditions.TryIndexRangedAsync(new StoreRanges(sources, address, version, limits.Value.MaxSourceBytes), timeout.Token);
    }

    private static bool IsAllowedInPresetsOnlyMode(KeyValuePair<string, string> parameter) =>
        parameter.Key.Equals("preset", StringComparison.OrdinalIgnoreCase)
        || (parameter.Key.Equals("format", StringComparison.OrdinalIgnoreCase) && parameter.Value.Equals("auto", StringComparison.OrdinalIgnoreCase));

    private ProblemException SourceTooLarge(SourceVersion version) =>
        new(ProblemType.SourceTooLarge, $"The source is {version.Length} bytes; Limits:MaxSourceBytes is {limits.Value.MaxSourceBytes}.");

    private static ProblemException NotFound(ObjectAddress address) =>
        new(ProblemType.NotFound, $"There is no object '{address.Key}' in bucket '{address.Bucket}'.");
}
