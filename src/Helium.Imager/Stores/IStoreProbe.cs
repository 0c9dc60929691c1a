namespace Helium.Imager.Stores;

/// <summary>Answers whether the configured store can serve objects right now.</summary>
public interface IStoreProbe
{
    /// <summary>Null when ready, otherwise why not (no secrets: bucket names and status codes only).</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
