using Amazon.Runtime;
using Amazon.S3;

namespace Helium.Imager.Stores.S3;

internal static class S3ClientFactory
{
    /// <summary>An AWSSDK client for S3-compatible stores: path-style, the configured region for
    /// signing, and checksums only when required (MinIO and radosgw reject or mishandle the SDK's
    /// default trailing checksums on plain HTTP).</summary>
    public static AmazonS3Client Create(S3Options options) => new(
        new BasicAWSCredentials(options.AccessKey, options.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = options.ServiceUri.AbsoluteUri,
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = options.Timeout,
            MaxErrorRetry = 1,
        });
}
