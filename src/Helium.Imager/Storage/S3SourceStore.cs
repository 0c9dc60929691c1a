using Helium.Imager.Diagnostics;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Helium.Imager.Routing;
using Helium.Imager.Transforms;

namespace Helium.Imager.Storage;

internal sealed class S3SourceStore(IAmazonS3 s3, HeliumMetrics metrics) : ISourceStore
{
    public async Task<SourceVersion?> HeadAsync(ObjectAddress address, CancellationToken cancellationToken)
    {
        metrics.StoreRequested();
        try
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = address.Bucket, Key = address.Key }, cancellationToken);
            return new SourceVersion(head.ETag, head.ContentLength);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (S3Errors.IsUnavailable(e))
        {
            throw new StoreUnavailableException("The object store could not be reached.", e);
        }
    }

    public async Task<byte[]?> ReadAsync(ObjectAddress address, long maxBytes, CancellationToken cancellationToken)
    {
        metrics.StoreRequested();
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = address.Bucket, Key = address.Key }, cancellationToken);
            return await BoundedRead.ReadAllAsync(response.ResponseStream, response.ContentLength, maxBytes, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (S3Errors.IsUnavailable(e))
        {
            throw new StoreUnavailableException("The object store could not be reached.", e);
        }
    }
}

internal static class S3Errors
{
    /// <summary>Transport failures and store-side errors other than "not found" (which callers handle).</summary>
    public static bool IsUnavailable(Exception e) =>
        e is HttpRequestException or IOException or AmazonClientException
        || (e is AmazonServiceException service && service.StatusCode != HttpStatusCode.NotFound);
}
