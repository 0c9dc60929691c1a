namespace Helium.Imager.Stores;

/// <summary>What the host needs to know of the configured store besides its seams; each store
/// registers one.</summary>
/// <param name="Name">As written in <c>Store:Kind</c>.</param>
/// <param name="Local">A folder on this machine, holding what its administrator put there: every
/// bucket may be read while <c>Buckets:Allowed</c> is empty, and the server may listen beyond loopback
/// without a signing key. A remote store's buckets are private: they stay closed until listed, and
/// the server will not offer them to the network unsigned unless told to (<c>Security:AllowUnsigned</c>).</param>
public sealed record StoreKind(string Name, bool Local);
