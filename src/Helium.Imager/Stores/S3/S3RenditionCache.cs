using Amazon.S3;
using Amazon.S3.Model;
using Helium.Imager.Diagnostics;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.S3;

/// <summary>Renditions as objects of Cache:Bucket. A single PUT is atomic in S3, so no reader ever
/// sees part of a rendition; it is conditional (If-None-Match: *), so instances sharing the bucket never
/// replace one another's renditions: the store answers 412 (or 409 while another write of the key is
/// under way) and the rendition already there stands. Stores that ignore the condition overwrite with
/// the same bytes.</summary>
internal sealed class S3RenditionCache(IAmazonS3 s3, IOptions<CacheOptions> options, HeliumMetrics metrics) : IRenditionCache, IRenditionInventory
{
    /// <summary>Labels travel as user metadata: x-amz-meta-helium-label-{name}.</summary>
    private const string MetadataPrefix = "x-amz-meta-";
    private const string LabelPrefix = "helium-label-";

    private readonly string _bucket = options.Value.Bucket!;

    public Task<CachedRendition?> OpenAsync(string cacheKey, CancellationToken cancellationToken)
    {
        metrics.StoreRequested();

        // Missing means not cached yet, or no cache bucket: either way, render.
        return S3Errors.OrNullWhenMissingAsync(async () =>
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = cacheKey }, cancellationToken);
            var labels = response.Metadata.Keys
                .Where(name => name.StartsWith(MetadataPrefix + LabelPrefix, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(name => name[(MetadataPrefix + LabelPrefix).Length..].ToLowerInvariant(), name => response.Metadata[name]);
            return new CachedRendition(new OwningStream(response), response.ContentLength, response.Headers.ContentType, labels);
        }, "The cache bucket");
    }

    public async Task StoreAsync(string cacheKey, byte[] content, string contentType, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        metrics.StoreRequested();
        using var body = new MemoryStream(content, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = cacheKey,
            InputStream = body,
            ContentType = contentType,
            AutoCloseStream = false,
        };
        foreach (var (name, value) in labels)
        {
            request.Metadata.Add(LabelPrefix + name, value);
        }

        request.IfNoneMatch = "*";
        try
        {
            await s3.PutObjectAsync(request, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is System.Net.HttpStatusCode.PreconditionFailed or System.Net.HttpStatusCode.Conflict)
        {
            metrics.StoredElsewhere();
        }
    }

    public async IAsyncEnumerable<StoredRendition> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = IRenditionInventory.Prefix };
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

    /// <summary>The response stream, disposing the response (and its connection) with it.</summary>
    private sealed class OwningStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => response.ContentLength;

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
