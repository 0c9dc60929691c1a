using Microsoft.Extensions.Options;

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
}

/// <summary>How the server stops.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>On SIGTERM the server stops accepting connections and lets requests in flight finish for
    /// at most this long before it exits.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class RequestLogOptionsValidation : IValidateOptions<RequestLogOptions>
{
    public ValidateOptionsResult Validate(string? name, RequestLogOptions options) =>
        options.Keys is RequestLogOptions.HashedKeys or RequestLogOptions.PlainKeys
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("RequestLog:Keys must be Hashed or Plain.");
}

internal sealed class ShutdownOptionsValidation : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.GracePeriod >= TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Shutdown:GracePeriod must not be negative.");
}
