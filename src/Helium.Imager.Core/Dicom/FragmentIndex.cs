using System.Collections.Concurrent;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Where the items of encapsulated pixel data without an offset table begin, as far as a walk of
/// their headers went, by object version (<see cref="Sources.ISourceRanges.Identity"/>): the next
/// frame of the same object needs no walk again (a viewer scrolling through a series). Only positions
/// a walk checked are kept; bounded, it starts over past <see cref="Capacity"/> objects.
/// </summary>
public sealed class FragmentIndex
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, long[]> _starts = new(StringComparer.Ordinal);

    /// <summary>Where items 1, 2, … begin, as far as known.</summary>
    public IReadOnlyList<long> Known(string identity) => _starts.TryGetValue(identity, out var starts) ? starts : [];

    public void Learned(string identity, IReadOnlyList<long> starts)
    {
        if (_starts.Count >= Capacity)
        {
            _starts.Clear();
        }

        _starts.AddOrUpdate(identity, _ => [.. starts], (_, known) => known.Length >= starts.Count ? known : [.. starts]);
    }
}
