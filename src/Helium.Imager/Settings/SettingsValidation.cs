using Microsoft.Extensions.Options;

namespace Helium.Imager.Settings;

/// <summary>Start-up checks: each failure names the configuration key at fault, never a secret's value.</summary>
internal sealed class StoreOptionsValidation(IHostEnvironment environment) : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        if (!string.Equals(options.Kind, StoreKinds.FileSystem, StringComparison.OrdinalIgnoreCase) && !options.IsS3)
        {
            return ValidateOptionsResult.Fail($"Store:Kind must be '{StoreKinds.FileSystem}' or '{StoreKinds.S3}' (got '{options.Kind}').");
        }

        if (!options.IsS3)
        {
            var root = StoreRoot.Resolve(options, environment);
            if (!Directory.Exists(root))
            {
                return ValidateOptionsResult.Fail($"Store:Root must be an existing folder (got '{root}').");
            }
        }

        return ValidateOptionsResult.Success;
    }
}

/// <summary>Reads Store:Kind from configuration rather than IOptions&lt;StoreOptions&gt;, so that a bad
/// store setting is reported once, by its own validator.</summary>
internal sealed class S3OptionsValidation(IConfiguration configuration) : IValidateOptions<S3Options>
{
    public ValidateOptionsResult Validate(string? name, S3Options options)
    {
        var store = StoreOptions.Read(configuration);
        if (!store.IsS3)
        {
            return ValidateOptionsResult.Success;
        }

        if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query) || url.AbsolutePath != "/")
        {
            return ValidateOptionsResult.Fail("S3:ServiceUrl must be an absolute http(s) URL of the store's root, such as http://127.0.0.1:9000.");
        }

        if (string.IsNullOrWhiteSpace(options.AccessKey))
        {
            return ValidateOptionsResult.Fail("S3:AccessKey is required when Store:Kind is S3.");
        }

        if (string.IsNullOrWhiteSpace(options.SecretKey))
        {
            return ValidateOptionsResult.Fail("S3:SecretKey is required when Store:Kind is S3.");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            return ValidateOptionsResult.Fail("S3:Region must not be empty.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("S3:Timeout and S3:ConnectTimeout must be positive durations such as 00:00:30.");
        }

        return ValidateOptionsResult.Success;
    }
}

internal sealed class BucketsOptionsValidation : IValidateOptions<BucketsOptions>
{
    public ValidateOptionsResult Validate(string? name, BucketsOptions options)
    {
        foreach (var bucket in options.Allowed)
        {
            if (!BucketNames.IsValid(bucket))
            {
                return ValidateOptionsResult.Fail($"Buckets:Allowed contains '{bucket}', which is not a valid bucket name (3-63 of a-z, 0-9, '.', '-').");
            }
        }

        return ValidateOptionsResult.Success;
    }
}

internal sealed class LimitsOptionsValidation : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        Require(options.MaxSourceBytes > 0, "Limits:MaxSourceBytes must be positive.");
        Require(options.MaxSourcePixels > 0, "Limits:MaxSourcePixels must be positive.");
        Require(options.MaxOutputDimension is > 0 and <= 16384, "Limits:MaxOutputDimension must be from 1 to 16384.");
        Require(options.MaxConcurrentTransforms > 0, "Limits:MaxConcurrentTransforms must be at least 1.");
        Require(options.QueueLength >= 0, "Limits:QueueLength must not be negative.");
        Require(options.TransformTimeout > TimeSpan.Zero, "Limits:TransformTimeout must be a positive duration such as 00:00:30.");
        Require(options.MaxAnimationFrames > 0, "Limits:MaxAnimationFrames must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Require(bool condition, string failure)
        {
            if (!condition)
            {
                failures.Add(failure);
            }
        }
    }
}

/// <summary>Cache:Bucket is required in S3 mode (renditions must go somewhere the server can write).</summary>
internal sealed class CacheOptionsValidation(IConfiguration configuration) : IValidateOptions<CacheOptions>
{
    public ValidateOptionsResult Validate(string? name, CacheOptions options)
    {
        var store = StoreOptions.Read(configuration);
        if (store.IsS3 && (options.Bucket is null || !BucketNames.IsValid(options.Bucket)))
        {
            return ValidateOptionsResult.Fail("Cache:Bucket must name the bucket renditions are written to (3-63 of a-z, 0-9, '.', '-').");
        }

        if (options.MaxAge < TimeSpan.Zero || options.SourceRecheck < TimeSpan.Zero || options.MemoryBytes < 0)
        {
            return ValidateOptionsResult.Fail("Cache:MaxAge, Cache:SourceRecheck and Cache:MemoryBytes must not be negative.");
        }

        return ValidateOptionsResult.Success;
    }
}

internal sealed class SecurityOptionsValidation : IValidateOptions<SecurityOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        if (options.Keys.Any(key => key.Length < MinimumKeyLength))
        {
            return ValidateOptionsResult.Fail($"Security:SigningKey and Security:SigningKeys entries must be at least {MinimumKeyLength} characters (a random string; the key is never logged).");
        }

        if (options.SignPassThrough && options.Keys.Count == 0)
        {
            return ValidateOptionsResult.Fail("Security:SignPassThrough needs Security:SigningKey or Security:SigningKeys.");
        }

        return ValidateOptionsResult.Success;
    }
}
