namespace Helium.Imager.Settings;

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

    public Uri ServiceUri => new(ServiceUrl!.TrimEnd('/'), UriKind.Absolute);
}
