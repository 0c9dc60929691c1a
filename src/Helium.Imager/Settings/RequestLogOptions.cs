namespace Helium.Imager.Settings;

/// <summary>How requests are logged.</summary>
public sealed class RequestLogOptions
{
    public const string Section = "RequestLog";

    public const string HashedKeys = "Hashed";

    public const string PlainKeys = "Plain";

    /// <summary>"Hashed" (default) logs an object key as a short SHA-256 prefix, the same for the same key,
    /// so logs can be correlated without holding names that may identify patients; "Plain" logs keys.</summary>
    public string Keys { get; set; } = HashedKeys;

    public static IEnumerable<string> Failures(RequestLogOptions options)
    {
        if (options.Keys is not (HashedKeys or PlainKeys))
        {
            yield return "RequestLog:Keys must be Hashed or Plain.";
        }
    }
}
