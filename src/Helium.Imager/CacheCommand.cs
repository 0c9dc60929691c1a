using System.Globalization;
using Helium.Imager.Addressing;
using Helium.Imager.Renditions;
using Helium.Imager.Stores;

namespace Helium.Imager;

/// <summary>
/// The cache commands, on the configured cache (Cache:Bucket, or the cache folder); settings are read
/// as the server reads them (appsettings.json, environment variables, --Key=value); nothing is
/// listened on. Deleted renditions are made again on demand.
/// <list type="bullet">
/// <item><c>cache prune --older-than 30d [--dry-run]</c>: deletes the renditions last written before
/// then, with a progress line on stderr and a summary on stdout.</item>
/// <item><c>cache purge BUCKET/KEY</c>: deletes every rendition of one source (a takedown).</item>
/// </list>
/// </summary>
internal static class CacheCommand
{
    public const string Usage = "usage: cache prune --older-than AGE [--dry-run]   (AGE: 30d, 12h, 90m or 00:30:00)\n       cache purge BUCKET/KEY";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var at = Array.IndexOf(args, "--older-than");
        var age = at >= 0 && at + 1 < args.Length ? ParseAge(args[at + 1]) : null;
        var source = args is ["purge", var address, ..] ? ObjectAddress.FromText(address) : null;
        if (!(args is ["prune", ..] && age is not null) && source is null)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        await using var app = await CommandHost.BuildAsync(args, error, typeof(IRenditionInventory));
        if (app is null)
        {
            return 2;
        }

        var inventory = app.Services.GetRequiredService<IRenditionInventory>();

        if (source is not null)
        {
            var purged = await app.Services.GetRequiredService<SourcePurge>().PurgeAsync(source.Value, CancellationToken.None);
            await output.WriteLineAsync($"purge: deleted {purged} renditions of {source}");
            return 0;
        }

        return await PruneAsync(inventory, age!.Value, args.Contains("--dry-run"), output, error);
    }

    private static async Task<int> PruneAsync(IRenditionInventory inventory, TimeSpan age, bool dryRun, TextWriter output, TextWriter error)
    {
        var cutoff = DateTimeOffset.UtcNow - age;
        var (seen, old, bytes) = (0, new List<string>(), 0L);
        var deleted = 0;
        await foreach (var rendition in inventory.ListAsync(CancellationToken.None))
        {
            seen++;
            if (rendition.Written < cutoff)
            {
                old.Add(rendition.Key);
                bytes += rendition.Bytes;
            }

            if (old.Count == 1000)
            {
                deleted += await DeleteAsync(inventory, old, dryRun);
            }

            if (seen % 10_000 == 0)
            {
                await error.WriteLineAsync($"prune: {seen} renditions read, {deleted + old.Count} written before {cutoff:u}");
            }
        }

        deleted += await DeleteAsync(inventory, old, dryRun);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"prune: {(dryRun ? "would delete" : "deleted")} {deleted} of {seen} renditions ({bytes / 1048576.0:0.0} MiB) last written before {cutoff:u}"));
        return 0;
    }

    private static async Task<int> DeleteAsync(IRenditionInventory inventory, List<string> keys, bool dryRun)
    {
        var count = keys.Count;
        if (!dryRun && count > 0)
        {
            await inventory.DeleteAsync(keys, CancellationToken.None);
        }

        keys.Clear();
        return count;
    }

    /// <summary>30d, 12h, 90m, 45s, or a TimeSpan (1.00:00:00).</summary>
    internal static TimeSpan? ParseAge(string text)
    {
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            TimeSpan? unit = text[^1] switch { 'd' => TimeSpan.FromDays(1), 'h' => TimeSpan.FromHours(1), 'm' => TimeSpan.FromMinutes(1), 's' => TimeSpan.FromSeconds(1), _ => null };
            if (unit is { } one)
            {
                return one * number;
            }
        }

        // A bare number would be days to TimeSpan and anything to a reader: a unit or a colon is required.
        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero ? span : null;
    }
}
