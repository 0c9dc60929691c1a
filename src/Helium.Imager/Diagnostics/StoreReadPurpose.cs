namespace Helium.Imager.Diagnostics;

/// <summary>The purpose label of helium_store_bytes_read_total.</summary>
internal static class StoreReadPurpose
{
    public const string PassThrough = "pass-through";
    public const string Source = "source";
    public const string Cache = "cache";
}
