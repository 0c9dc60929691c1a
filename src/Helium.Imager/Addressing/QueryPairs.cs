using Microsoft.Extensions.Primitives;

namespace Helium.Imager.Addressing;

internal static class QueryPairs
{
    /// <summary>Flattens a parsed query, keeping repeated names as separate pairs so the parser can
    /// refuse them.</summary>
    public static List<KeyValuePair<string, string>> From(IEnumerable<KeyValuePair<string, StringValues>> query) =>
        query.SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value ?? string.Empty))).ToList();
}
