using System.Buffers;

namespace Helium.Imager.Stores;

/// <summary>
/// A source read whole into memory for one render, in an array borrowed from a pool and given back
/// when disposed. A fresh array for every cold render cost more than the copy into it: a 3 MB photo
/// on the large object heap took 12 ms a render on this machine (page faults on memory the collector
/// had given back, and the gen2 collections that large allocations bring), a quarter of libvips's own
/// time for a 24 MP thumbnail (bench/RESULTS.md §3, session 11). The array may be longer than the
/// source and hold an earlier source's bytes past its end: only <see cref="Memory"/> is ever handed on.
/// </summary>
public sealed class SourceBytes : IDisposable
{
    /// <summary>Sources above this get an array of their own: the pool would keep such arrays for a
    /// minute or more after use, and their allocation is small beside decoding that many bytes.</summary>
    public const int PooledUpTo = 32 * 1024 * 1024;

    private byte[]? _array;
    private readonly bool _pooled;

    private SourceBytes(byte[] array, int length, bool pooled)
    {
        _array = array;
        _pooled = pooled;
        Length = length;
    }

    /// <summary>Room for <paramref name="length"/> bytes, to be filled through <see cref="Writable"/>.</summary>
    public static SourceBytes Rent(int length) =>
        length <= PooledUpTo
            ? new SourceBytes(ArrayPool<byte>.Shared.Rent(length), length, pooled: true)
            : new SourceBytes(GC.AllocateUninitializedArray<byte>(length), length, pooled: false);

    /// <summary>A buffer of <paramref name="length"/> bytes filled by <paramref name="fill"/>; null,
    /// with the buffer given back, when it reports the source gone (false), and given back as well when
    /// it throws.</summary>
    public static async Task<SourceBytes?> FillAsync(int length, Func<Memory<byte>, Task<bool>> fill)
    {
        var bytes = Rent(length);
        try
        {
            if (await fill(bytes.Writable))
            {
                return bytes;
            }
        }
        catch
        {
            bytes.Dispose();
            throw;
        }

        bytes.Dispose();
        return null;
    }

    public int Length { get; }

    public Memory<byte> Writable => Array.AsMemory(0, Length);

    public ReadOnlyMemory<byte> Memory => Writable;

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(SourceBytes));

    public void Dispose()
    {
        // Given back once, and only by its owner: the render that read it has finished with it.
        if (Interlocked.Exchange(ref _array, null) is { } array && _pooled)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
