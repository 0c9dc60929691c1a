using Amazon.S3;
using Amazon.S3.Model;
using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;

namespace Helium.Imager.Stores.S3;

internal sealed class S3SourceStore(IAmazonS3 s3, HeliumMetrics metrics) : ISourceStore
{
    private const string Store = "The object store";

    public Task<SourceVersion?> HeadAsync(ObjectAddress address, CancellationToken cancellationToken)
    {
        metrics.StoreRequested();
        return S3Errors.OrNullWhenMissingAsync(async () =>
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = address.Bucket, Key = address.Key }, cancellationToken);
            return new SourceVersion(head.ETag, head.ContentLength);
        }, Store);
    }

    public Task<byte[]?> ReadAsync(ObjectAddress address, long maxBytes, CancellationToken cancellationToken)
    {
        metrics.StoreRequested();
        return S3Errors.OrNullWhenMissingAsync(async () =>
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = address.Bucket, Key = address.Key }, cancellationToken);
            return await BoundedRead.ReadAllAsync(response.ResponseStream, response.ContentLength, maxBytes, cancellationToken);
        }, Store);
    }
}
