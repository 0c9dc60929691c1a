namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>A store (FileSystem folder or radosgw) holding the contract's objects, and a server in
/// front of it that may read <see cref="Bucket"/> but not <see cref="OtherBucket"/>.</summary>
public abstract class StoreUnderTest : IAsyncLifetime
{
    public static readonly byte[] Hello = Enumerable.Range(0, 1000).Select(i => (byte)('a' + (i % 26))).ToArray();

    /// <summary>Keys that need S3 path encoding: space, '+', '%', '&amp;', '=', unicode, nesting, sub-delimiters.</summary>
    public static readonly string[] SpecialKeys =
    [
        "with space.txt",
        "plus+sign.txt",
        "100%.txt",
        "a&b=c.txt",
        "ünïcödé/日本語 ファイル.txt",
        "nested/deep/er/file.txt",
        "sub-delims!$'()*,;@.txt",
        "tilde~and_under-score.txt",
    ];

    public static TheoryData<string> SpecialKeyData => new(SpecialKeys);

    public TestServer Server { get; private set; } = null!;

    public string Bucket { get; protected set; } = null!;

    public string OtherBucket { get; protected set; } = null!;

    public async Task InitializeAsync()
    {
        await CreateBucketsAsync();
        await PutAsync(Bucket, "hello.txt", Hello, "text/plain");
        foreach (var key in SpecialKeys)
        {
            await PutAsync(Bucket, key, System.Text.Encoding.UTF8.GetBytes($"content of {key}"), "text/plain");
        }

        await PutAsync(OtherBucket, "secret.txt", "not for you"u8.ToArray(), "text/plain");
        Server = await TestServer.StartAsync(ServerSettings());
    }

    public virtual async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    protected abstract Task CreateBucketsAsync();

    protected abstract Task PutAsync(string bucket, string key, byte[] content, string contentType);

    protected abstract IDictionary<string, string?> ServerSettings();

    /// <summary>The URL path for a key, each segment percent-encoded as a browser would.</summary>
    public static string PathOf(string bucket, string key) =>
        "/" + bucket + "/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
}

public sealed class FileSystemStore : StoreUnderTest
{
    private readonly string _root = Directory.CreateTempSubdirectory("helium-fs-").FullName;

    public string Root => _root;

    protected override Task CreateBucketsAsync()
    {
        Bucket = "photos";
        OtherBucket = "private";
        Directory.CreateDirectory(Path.Combine(_root, Bucket));
        Directory.CreateDirectory(Path.Combine(_root, OtherBucket));
        return Task.CompletedTask;
    }

    protected override async Task PutAsync(string bucket, string key, byte[] content, string contentType)
    {
        var path = Path.Combine(_root, bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content);
    }

    protected override IDictionary<string, string?> ServerSettings() => new Dictionary<string, string?>
    {
        ["Store:Kind"] = "FileSystem",
        ["Store:Root"] = _root,
        ["Buckets:Allowed:0"] = Bucket,
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}

public sealed class S3Store : StoreUnderTest
{
    public Amazon.S3.AmazonS3Client S3 { get; } = Radosgw.CreateClient();

    protected override async Task CreateBucketsAsync()
    {
        Bucket = Radosgw.UniqueBucket("pass");
        OtherBucket = Radosgw.UniqueBucket("other");
        await Radosgw.CreateBucketAsync(S3, Bucket);
        await Radosgw.CreateBucketAsync(S3, OtherBucket);
    }

    protected override Task PutAsync(string bucket, string key, byte[] content, string contentType) =>
        S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            ContentType = contentType,
        });

    protected override IDictionary<string, string?> ServerSettings() => Radosgw.ServerSettings(Bucket);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        S3.Dispose();
    }
}
