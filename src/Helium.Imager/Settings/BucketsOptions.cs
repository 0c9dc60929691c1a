using Helium.Imager.Addressing;

namespace Helium.Imager.Settings;

/// <summary><c>Buckets:Allowed</c>: the buckets that may be read. Empty means every bucket of a local
/// folder store and none of a remote one (see <c>StoreKind.OpenWithoutAllowlist</c>).</summary>
public sealed class BucketsOptions
{
    public const string Section = "Buckets";

    /// <summary>Bound from <c>Buckets:Allowed:0</c>, <c>Buckets:Allowed:1</c>… or from a single
    /// comma-separated <c>Buckets:Allowed</c> value (the form operators type in environment variables).</summary>
    public List<string> Allowed { get; } = [];

    public static IEnumerable<string> Failures(BucketsOptions options) =>
        options.Allowed.Where(bucket => !BucketNames.IsValid(bucket)).Select(bucket =>
            $"Buckets:Allowed contains '{bucket}', which is not a valid bucket name (3-63 of a-z, 0-9, '.', '-').");
}
