namespace Helium.Imager.Stores.S3;

/// <summary>The S3-compatible endpoint (path-style addressing) and the server's own credentials.</summary>
public sealed class S3Options
{
    public const string Section = "S3";

    public string? ServiceUrl { get; set; }
    public string? AccessKey { get; set; }

    /// <summary>Never logged, never returned, never part of an error message.</summary>
    public string? SecretKey { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Longest wait for the store to send the next bytes (headers or body) before 504.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a TCP connection to the store before 502.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A source read whole for a transform is fetched as up to this many ranges at once,
    /// each of at least <see cref="ReadPartBytes"/>: one connection to radosgw moved a 6 MB object in
    /// about 25 ms, two together in about 13 (AWS advises the same for large objects). 1: one GET.</summary>
    public int ReadParts { get; set; } = 4;

    /// <summary>The smallest range worth a request of its own.</summary>
    public int ReadPartBytes { get; set; } = 2 * 1024 * 1024;

    public Uri ServiceUri => new(ServiceUrl!.TrimEnd('/'), UriKind.Absolute);

    /// <summary>Every failure at once, each naming its key and never a secret's value.</summary>
    public static IEnumerable<string> Failures(S3Options options)
    {
        if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query) || url.AbsolutePath != "/")
        {
            yield return "S3:ServiceUrl must be an absolute http(s) URL of the store's root, such as http://127.0.0.1:9000.";
        }

        if (string.IsNullOrWhiteSpace(options.AccessKey))
        {
            yield return "S3:AccessKey is required when Store:Kind is S3.";
        }

        if (string.IsNullOrWhiteSpace(options.SecretKey))
        {
            yield return "S3:SecretKey is required when Store:Kind is S3.";
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            yield return "S3:Region must not be empty.";
        }

        if (options.Timeout <= TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            yield return "S3:Timeout and S3:ConnectTimeout must be positive durations such as 00:00:30.";
        }

        if (options.ReadParts is < 1 or > 16 || options.ReadPartBytes < 64 * 1024)
        {
            yield return "S3:ReadParts must be between 1 and 16, and S3:ReadPartBytes at least 65536.";
        }
    }
}
