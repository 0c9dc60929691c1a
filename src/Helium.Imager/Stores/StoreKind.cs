namespace Helium.Imager.Stores;

/// <summary>What the host needs to know of the configured store besides its seams; each store
/// registers one.</summary>
/// <param name="Name">As written in <c>Store:Kind</c>.</param>
/// <param name="OpenWithoutAllowlist">Whether every bucket may be read while <c>Buckets:Allowed</c> is
/// empty: yes for a local folder, whose sub-folders are what its administrator put there; no for a
/// remote store, whose buckets stay closed until listed.</param>
public sealed record StoreKind(string Name, bool OpenWithoutAllowlist);
