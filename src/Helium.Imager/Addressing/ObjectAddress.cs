namespace Helium.Imager.Addressing;

/// <summary>A bucket and an object key, both decoded and validated. The key may be empty (a bucket
/// listing request, which this server does not serve).</summary>
public readonly record struct ObjectAddress(string Bucket, string Key)
{
    public override string ToString() => $"{Bucket}/{Key}";
}
