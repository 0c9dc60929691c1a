using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.S3;

/// <summary>Renditions as objects of Cache:Bucket. A single PUT is atomic in S3, so no reader ever
/// sees part of a rendition; it is conditional (If-None-Match: *), so instances sharing the bucket never
/// replace one another's renditions: the store answers 412 (or 409 while another write of the key is
/// under way) and the rendition already there stands. Stores that ignore the condition overwrite with
/// the same bytes.</summary>
internal sealed class S3RenditionCache(IAmazonS3 s3, S3Http http, IOptions<CacheOptions> options, HeliumMetrics metrics) : IRenditionCache, IRenditionInventory
{
    /// <summary>Labels travel as user metadata: x-amz-meta-helium-label-{name}.</summary>
    private const string MetadataPrefix = "x-amz-meta-";
    private const string LabelPrefix = "helium-label-";

    private readonly string _bucket = options.Value.Bucket!;

    /// <summary>A plain signed GET (<see cref="S3Http"/>), not the SDK's: a hit from the bucket is on the
    /// hot path of every instance that did not render the rendition itself.</summary>
    public async Task<CachedRendition?> OpenAsync(string cacheKey, CancellationToken cancellationToken)
    {
        metrics.StoreRequested();
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new ObjectAddress(_bucket, cacheKey), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException)
        {
            throw new ProblemException(ProblemType.StoreUnavailable, "The cache bucket could not be reached.", e);
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // Not cached yet, or no cache bucket: either way, render.
            response.Dispose();
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new ProblemException(ProblemType.StoreUnavailable, $"The cache bucket answered {(int)response.StatusCode}.");
        }

        var labels = response.Headers
            .Where(header => header.Key.StartsWith(MetadataPrefix + LabelPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(header => header.Key[(MetadataPrefix + LabelPrefix).Length..].ToLowerInvariant(), header => string.Join(',', header.Value));
        var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        var length = response.Content.Headers.ContentLength ?? 0;
        return new CachedRendition(new StoreReadStream(content, length, metrics, response), length,
            response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream", labels);
    }

    /// <summary>A plain signed PUT (<see cref="S3Http"/>) with If-None-Match: *.</summary>
    public async Task StoreAsync(string cacheKey, byte[] content, string contentType, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        metrics.StoreRequested();
        using var response = await http.SendAsync(HttpMethod.Put, new ObjectAddress(_bucket, cacheKey), request =>
        {
            request.Content!.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Headers.IfNoneMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Any);
            foreach (var (name, value) in labels)
            {
                request.Headers.TryAddWithoutValidation(MetadataPrefix + LabelPrefix + name, value);
            }
        }, content, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            metrics.StoredElsewhere();
        }
        else if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"The cache bucket answered {(int)response.StatusCode} to the write of a rendition.");
        }
    }

    public async IAsyncEnumerable<StoredRendition> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                var written = new DateTimeOffset(item.LastModified ?? DateTime.UtcNow);
                yield return new StoredRendition(item.Key, item.Size ?? 0, written, written);
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    /// <summary>In requests of up to 1000 keys, the most one DeleteObjects takes.</summary>
    public async Task DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        foreach (var batch in keys.Chunk(1000))
        {
            var response = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = _bucket,
                Objects = [.. batch.Select(key => new KeyVersion { Key = key })],
                Quiet = true,
            }, cancellationToken);
            if (response.DeleteErrors is { Count: > 0 } errors)
            {
                throw new IOException($"The cache bucket refused to delete {errors.Count} renditions, e.g. {errors[0].Key}: {errors[0].Code}");
            }
        }
    }
}
