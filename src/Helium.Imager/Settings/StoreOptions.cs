namespace Helium.Imager.Settings;

/// <summary>Where objects come from: <c>Store:Kind</c> and, for a local folder, <c>Store:Root</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary><c>FileSystem</c> (the embedded default) or <c>S3</c>.</summary>
    public string Kind { get; set; } = StoreKinds.FileSystem;

    /// <summary>FileSystem only: the folder whose sub-folders are the buckets. Relative paths resolve
    /// against the application folder, which ships with <c>samples/</c>.</summary>
    public string Root { get; set; } = "samples";

    public bool IsS3 => string.Equals(Kind, StoreKinds.S3, StringComparison.OrdinalIgnoreCase);

    /// <summary>The store settings straight from configuration, for decisions made before options are
    /// validated (which services to register, which other sections to require).</summary>
    public static StoreOptions Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<StoreOptions>() ?? new StoreOptions();
}

public static class StoreKinds
{
    public const string FileSystem = "FileSystem";
    public const string S3 = "S3";
}
