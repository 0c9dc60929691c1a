using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>The radosgw that tests/radosgw/start.sh runs (its defaults, or HELIUM_TEST_S3_* if set).</summary>
public static class Radosgw
{
    public static string Url => Environment.GetEnvironmentVariable("HELIUM_TEST_S3_URL") ?? "http://127.0.0.1:7480";

    public static string AccessKey => Environment.GetEnvironmentVariable("HELIUM_TEST_S3_ACCESS_KEY") ?? "HELIUMTESTACCESSKEY1";

    public static string SecretKey => Environment.GetEnvironmentVariable("HELIUM_TEST_S3_SECRET_KEY") ?? "heliumTestSecretKey0123456789abcdefABCDEF";

    /// <summary>A client with the test user's keys, for arranging buckets and objects.</summary>
    public static AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = Url,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromMinutes(5),
        });

    /// <summary>The cache bucket of servers that do not name their own. Nothing creates it: their
    /// renditions are served but not stored (tests that look at stored renditions name their own).</summary>
    public const string SharedCacheBucket = "helium-test-cache";

    /// <summary>Settings for a server in S3 mode reading these buckets.</summary>
    public static Dictionary<string, string?> ServerSettings(params string[] allowedBuckets) => new()
    {
        ["Cache:Bucket"] = SharedCacheBucket,
        ["Store:Kind"] = "S3",
        ["S3:ServiceUrl"] = Url,
        ["S3:AccessKey"] = AccessKey,
        ["S3:SecretKey"] = SecretKey,
        ["Buckets:Allowed"] = string.Join(',', allowedBuckets),
    };

    public static string UniqueBucket(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];

    /// <summary>A new source bucket and a new cache bucket beside it, both created.</summary>
    public static async Task<(string Bucket, string Cache)> CreateSourceAndCacheAsync(IAmazonS3 s3, string purpose)
    {
        var (bucket, cache) = (UniqueBucket(purpose), UniqueBucket(purpose + "-cache"));
        await CreateBucketAsync(s3, bucket);
        await CreateBucketAsync(s3, cache);
        return (bucket, cache);
    }

    public static async Task CreateBucketAsync(IAmazonS3 s3, string bucket)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        }
        catch (Exception e) when (e is HttpRequestException or AmazonClientException or IOException)
        {
            throw new InvalidOperationException(
                $"radosgw is not reachable at {Url}: start it with tests/radosgw/start.sh (or run tests/run-all.sh).", e);
        }
    }
}
