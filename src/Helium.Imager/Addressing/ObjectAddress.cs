namespace Helium.Imager.Addressing;

/// <summary>A bucket and an object key, both decoded and validated. The key may be empty (a bucket
/// listing request, which this server does not serve).</summary>
public readonly record struct ObjectAddress(string Bucket, string Key)
{
    public override string ToString() => $"{Bucket}/{Key}";

    /// <summary>"bucket/key" as a person types it (not percent-encoded): a valid bucket name, a
    /// non-empty key.</summary>
    public static ObjectAddress? FromText(string text) =>
        text.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 && slash < text.Length - 1 && BucketNames.IsValid(text[..slash])
            ? new ObjectAddress(text[..slash], text[(slash + 1)..])
            : null;
}
