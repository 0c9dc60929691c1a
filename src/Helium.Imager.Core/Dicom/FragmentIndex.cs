using System.Collections.Concurrent;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Where the frames of encapsulated pixel data begin, by object version
/// (<see cref="Sources.ISourceRanges.Identity"/>), so that the next frame of the same object needs no
/// walk and no table read again (a viewer scrolling through a series, the frames a clip shows): without
/// an offset table, the items as far as a walk of their headers went (only positions it checked); with
/// one, the frames' offsets as the table gave them. Bounded: it starts over past <see cref="Capacity"/>
/// objects in a map or <see cref="MaxOffsets"/> offsets in all, and never holds an object of more.
/// </summary>
public sealed class FragmentIndex
{
    public const int Capacity = 1024;

    /// <summary>8 MiB of offsets: an object of a hundred thousand frames (or a few) must not grow the
    /// index past what a thousand ordinary ones take.</summary>
    public const int MaxOffsets = 1 << 20;

    private readonly ConcurrentDictionary<string, long[]> _starts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long[]> _tables = new(StringComparer.Ordinal);

    /// <summary>Offsets added since the index last started over (a replaced entry counts again: it
    /// only makes the next start earlier).</summary>
    private long _offsets;

    /// <summary>Where items 1, 2, … begin, as far as known.</summary>
    public IReadOnlyList<long> Known(string identity) => _starts.TryGetValue(identity, out var starts) ? starts : [];

    public void Learned(string identity, IReadOnlyList<long> starts)
    {
        if (!MakeRoom(_starts, starts.Count))
        {
            return;
        }

        _starts.AddOrUpdate(identity, _ => [.. starts], (_, known) => known.Length >= starts.Count ? known : [.. starts]);
    }

    /// <summary>Where each frame begins by the object's offset table, when read before.</summary>
    public long[]? Table(string identity) => _tables.TryGetValue(identity, out var starts) ? starts : null;

    public void LearnedTable(string identity, long[] starts)
    {
        if (MakeRoom(_tables, starts.Length))
        {
            _tables[identity] = starts;
        }
    }

    /// <summary>False for an object of more than <see cref="MaxOffsets"/> offsets, which is not kept.</summary>
    private bool MakeRoom(ConcurrentDictionary<string, long[]> map, int adding)
    {
        if (adding > MaxOffsets)
        {
            return false;
        }

        if (map.Count >= Capacity || Interlocked.Add(ref _offsets, adding) > MaxOffsets)
        {
            _starts.Clear();
            _tables.Clear();
            Interlocked.Exchange(ref _offsets, adding);
        }

        return true;
    }
}
