using System.Collections.Concurrent;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Where the frames of encapsulated pixel data begin, by object version
/// (<see cref="Sources.ISourceRanges.Identity"/>), so that the next frame of the same object needs no
/// walk and no table read again (a viewer scrolling through a series, the frames a clip shows): without
/// an offset table, the items as far as a walk of their headers went (only positions it checked); with
/// one, the frames' offsets as the table gave them. Bounded: each map starts over past
/// <see cref="Capacity"/> objects.
/// </summary>
public sealed class FragmentIndex
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, long[]> _starts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long[]> _tables = new(StringComparer.Ordinal);

    /// <summary>Where items 1, 2, … begin, as far as known.</summary>
    public IReadOnlyList<long> Known(string identity) => _starts.TryGetValue(identity, out var starts) ? starts : [];

    public void Learned(string identity, IReadOnlyList<long> starts)
    {
        MakeRoom(_starts);
        _starts.AddOrUpdate(identity, _ => [.. starts], (_, known) => known.Length >= starts.Count ? known : [.. starts]);
    }

    /// <summary>Where each frame begins by the object's offset table, when read before.</summary>
    public long[]? Table(string identity) => _tables.TryGetValue(identity, out var starts) ? starts : null;

    public void LearnedTable(string identity, long[] starts)
    {
        MakeRoom(_tables);
        _tables[identity] = starts;
    }

    private static void MakeRoom(ConcurrentDictionary<string, long[]> map)
    {
        if (map.Count >= Capacity)
        {
            map.Clear();
        }
    }
}
