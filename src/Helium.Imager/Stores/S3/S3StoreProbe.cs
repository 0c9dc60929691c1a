using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Helium.Imager.Stores.S3;

/// <summary>Ready when every allowed bucket answers a signed HEAD (reachable, credentials accepted,
/// bucket present); with no bucket allowed, when the store answers a signed ListBuckets.</summary>
internal sealed class S3StoreProbe(IAmazonS3 s3, BucketAllowlist allowlist) : IStoreProbe
{
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (allowlist.Explicit.Count == 0)
            {
                await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken);
                return null;
            }

            var failures = await Task.WhenAll(allowlist.Explicit.Select(bucket => HeadAsync(bucket, cancellationToken)));
            var failed = failures.OfType<string>().ToArray();
            return failed.Length == 0 ? null : string.Join("; ", failed);
        }
        catch (AmazonS3Exception e)
        {
            return $"The store answered {(int)e.StatusCode}.";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or OperationCanceledException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException)
        {
            return "The store could not be reached.";
        }
    }

    private async Task<string?> HeadAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, cancellationToken);
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return $"Bucket '{bucket}' answered {(int)e.StatusCode}.";
        }
    }
}
