namespace Helium.Imager.Settings;

/// <summary><c>Buckets:Allowed</c>: the buckets that may be read. Empty means none in S3 mode and every
/// sub-folder of <c>Store:Root</c> in FileSystem mode.</summary>
public sealed class BucketsOptions
{
    public const string Section = "Buckets";

    /// <summary>Bound from <c>Buckets:Allowed:0</c>, <c>Buckets:Allowed:1</c>… or from a single
    /// comma-separated <c>Buckets:Allowed</c> value (the form operators type in environment variables).</summary>
    public List<string> Allowed { get; } = [];
}
