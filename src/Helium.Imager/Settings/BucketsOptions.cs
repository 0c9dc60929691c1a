using Helium.Imager.Addressing;

namespace Helium.Imager.Settings;

/// <summary><c>Buckets:Allowed</c>: the buckets that may be read. Empty means every bucket of a local
/// folder store and none of a remote one (see <c>StoreKind.Local</c>). <c>Buckets:Public</c>: buckets
/// anyone may read without a signature when signing is on; they may be read whatever Allowed says.</summary>
public sealed class BucketsOptions
{
    public const string Section = "Buckets";

    /// <summary>Bound from <c>Buckets:Allowed:0</c>, <c>Buckets:Allowed:1</c>… or from a single
    /// comma-separated <c>Buckets:Allowed</c> value (the form operators type in environment variables).</summary>
    public List<string> Allowed { get; } = [];

    /// <summary>Bound as <see cref="Allowed"/> is.</summary>
    public List<string> Public { get; } = [];

    public static IEnumerable<string> Failures(BucketsOptions options) =>
        options.Allowed.Select(bucket => ("Allowed", bucket)).Concat(options.Public.Select(bucket => ("Public", bucket)))
            .Where(entry => !BucketNames.IsValid(entry.bucket))
            .Select(entry => $"Buckets:{entry.Item1} contains '{entry.bucket}', which is not a valid bucket name (3-63 of a-z, 0-9, '.', '-').");
}
