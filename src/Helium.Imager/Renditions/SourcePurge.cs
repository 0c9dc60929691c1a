using Helium.Imager.Addressing;
using Helium.Imager.Stores;

namespace Helium.Imager.Renditions;

/// <summary>
/// Deletes every rendition of one source from the cache (bucket or folder): they all lie under its
/// prefix (<see cref="RenditionKey.SourcePrefix"/>). Copies in this instance's memory cannot be served
/// afterwards either: the source's remembered version is forgotten, so the next request asks the store
/// again (a deleted source is 404 before any cache is looked at; a changed one has a new key).
/// </summary>
internal sealed class SourcePurge(IRenditionInventory inventory, SourceVersions versions)
{
    /// <returns>How many renditions were deleted.</returns>
    public async Task<int> PurgeAsync(ObjectAddress source, CancellationToken cancellationToken)
    {
        versions.Forget(source);
        var keys = new List<string>();
        var deleted = 0;
        await foreach (var rendition in inventory.ListAsync(RenditionKey.SourcePrefix(source), cancellationToken))
        {
            keys.Add(rendition.Key);
            if (keys.Count == 1000)
            {
                await inventory.DeleteAsync(keys, cancellationToken);
                deleted += keys.Count;
                keys.Clear();
            }
        }

        if (keys.Count > 0)
        {
            await inventory.DeleteAsync(keys, cancellationToken);
            deleted += keys.Count;
        }

        return deleted;
    }
}
