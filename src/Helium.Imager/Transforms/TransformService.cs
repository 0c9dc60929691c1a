using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Pdf;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Routing;
using Helium.Imager.Settings;
using Helium.Imager.Storage;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Transforms;

/// <summary>
/// One transform request: plan → source version → cache key → 304, cache hit, or a render that runs
/// once per key however many requests ask for it at the same time (single-flight), within the gate's
/// concurrency and queue limits, and is stored in the cache before it is answered.
/// </summary>
internal sealed class TransformService(
    TransformParser parser,
    SourceVersions versions,
    ISourceStore sources,
    IRenditionCache cache,
    SourceRenderer renderer,
    TransformGate gate,
    HeliumMetrics metrics,
    IOptions<LimitsOptions> limits,
    IOptions<SecurityOptions> security,
    ILogger<TransformService> logger)
{
    private readonly SingleFlight<RenderedObject> _flights = new();

    public async Task<TransformOutcome> RunAsync(ObjectAddress address, IReadOnlyList<KeyValuePair<string, string>> query, string? accept, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        if (security.Value.PresetsOnly && query.FirstOrDefault(p => !IsAllowedInPresetsOnlyMode(p)) is { Key: not null } refused)
        {
            throw new TransformFailedException(ProblemType.InvalidQuery, $"{refused.Key}: this server accepts only preset= (and format=auto); Security:PresetsOnly is on.");
        }

        TransformPlan plan;
        try
        {
            plan = parser.Parse(query);
        }
        catch (InvalidTransformException e)
        {
            throw new TransformFailedException(ProblemType.InvalidQuery, e.Message);
        }

        var version = await versions.GetAsync(address, cancellationToken) ?? throw NotFound(address);
        var maxBytes = limits.Value.MaxSourceBytes;
        if (version.Length > maxBytes)
        {
            throw new TransformFailedException(ProblemType.SourceTooLarge, $"The source is {version.Length} bytes; Limits:MaxSourceBytes is {maxBytes}.");
        }

        var variesWithAccept = plan.Format == RequestedFormat.Auto;
        var hash = RenditionKey.Hash(address, version, plan.Canonical(), FormatChoice.KeyToken(plan.Format, accept));
        if (ifNoneMatch is not null && ifNoneMatch.Contains($"\"{hash}\"", StringComparison.Ordinal))
        {
            return new TransformOutcome.NotModified(hash, variesWithAccept);
        }

        var objectKey = RenditionKey.ObjectKey(hash);
        if (await cache.OpenAsync(objectKey, cancellationToken) is { } cached)
        {
            metrics.Hit();
            return new TransformOutcome.Hit(hash, variesWithAccept, cached);
        }

        metrics.Missed();
        var flight = _flights.RunAsync(hash, () => RenderAsync(address, plan, accept, objectKey));
        try
        {
            var output = await flight.WaitAsync(limits.Value.TransformTimeout, cancellationToken);
            return new TransformOutcome.Fresh(hash, variesWithAccept, output);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Either this request stopped waiting, or the shared render hit its own deadline first.
            throw new TransformFailedException(ProblemType.TransformTimeout, $"The transform took longer than Limits:TransformTimeout ({limits.Value.TransformTimeout.TotalSeconds:0.#} s).");
        }
    }

    /// <summary>The shared computation. Not tied to any one request's cancellation: others may be
    /// waiting for it; it is bounded by the transform timeout instead.</summary>
    private async Task<RenderedObject> RenderAsync(ObjectAddress address, TransformPlan plan, string? accept, string objectKey)
    {
        using var timeout = new CancellationTokenSource(limits.Value.TransformTimeout);
        using var slot = await gate.EnterAsync(timeout.Token)
            ?? throw new TransformFailedException(ProblemType.Overloaded, $"{limits.Value.MaxConcurrentTransforms} transforms are running and Limits:QueueLength ({limits.Value.QueueLength}) more are waiting.");

        byte[] bytes;
        try
        {
            bytes = await sources.ReadAsync(address, limits.Value.MaxSourceBytes, timeout.Token) ?? throw NotFound(address);
        }
        catch (SourceTooLargeException e)
        {
            throw new TransformFailedException(ProblemType.SourceTooLarge, e.Message);
        }

        var format = SourceSniffer.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, SourceSniffer.HeaderLength)));
        if (!SourceRenderer.CanRender(format))
        {
            throw new TransformFailedException(ProblemType.UnsupportedSource, format == SourceFormat.Unknown
                ? "The source is not a format this server reads (JPEG, PNG, GIF, WebP, AVIF, HEIC, TIFF, JPEG 2000, JPEG XL, BMP, PDF, DICOM)."
                : $"{format} sources cannot be transformed by this server yet.");
        }

        RenderedObject output;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            output = plan.Info
                ? RenderedObject.From(await renderer.DescribeAsync(bytes, format, limits.Value.TransformTimeout, timeout.Token))
                : RenderedObject.From(await renderer.RenderAsync(bytes, format, plan, accept, limits.Value.TransformTimeout, timeout.Token));
            metrics.Rendered(SourceLabel(format), System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (SourceRejectedException e)
        {
            throw new TransformFailedException(
                e.Problem switch
                {
                    SourceProblem.Unsupported => ProblemType.UnsupportedSource,
                    SourceProblem.CropOutside or SourceProblem.PageOutOfRange or SourceProblem.ParameterNotApplicable => ProblemType.InvalidQuery,
                    _ => ProblemType.UnprocessableSource,
                },
                e.Message);
        }
        catch (RendererUnavailableException e)
        {
            throw new TransformFailedException(ProblemType.RendererUnavailable, e.Message);
        }
        catch (RenderResourcesExhaustedException e)
        {
            throw new TransformFailedException(ProblemType.Overloaded, e.Message);
        }
        catch (TimeoutException)
        {
            throw new TransformFailedException(ProblemType.TransformTimeout, $"Rendering took longer than Limits:TransformTimeout ({limits.Value.TransformTimeout.TotalSeconds:0.#} s) and was stopped.");
        }

        try
        {
            await cache.StoreAsync(objectKey, output.Content, output.ContentType, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The client still gets its image; the next request renders again.
            metrics.StoreFailed();
            Log.CacheStoreFailed(logger, address.Bucket, e.GetType().Name, e.Message);
        }

        return output;
    }

    // Enum names are a fixed set: cached lower-case labels avoid an allocation a render.
    private static readonly Dictionary<SourceFormat, string> SourceLabels = Enum.GetValues<SourceFormat>().ToDictionary(f => f, f => f.ToString().ToLowerInvariant());

    private static string SourceLabel(SourceFormat format) => SourceLabels[format];

    private static bool IsAllowedInPresetsOnlyMode(KeyValuePair<string, string> parameter) =>
        parameter.Key.Equals("preset", StringComparison.OrdinalIgnoreCase)
        || (parameter.Key.Equals("format", StringComparison.OrdinalIgnoreCase) && parameter.Value.Equals("auto", StringComparison.OrdinalIgnoreCase));

    private static TransformFailedException NotFound(ObjectAddress address) =>
        new(ProblemType.NotFound, $"There is no object '{address.Key}' in bucket '{address.Bucket}'.");
}
