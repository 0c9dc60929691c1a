using System.Buffers.Binary;
using Helium.Imager.Core.Sources;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// The fragments of one frame of encapsulated pixel data, found by range. With a Basic Offset Table, or
/// an Extended Offset Table (64-bit offsets, for objects past 4 GiB; its Basic Offset Table is empty),
/// the frame's bytes lie between its offset and the next frame's, read at once and split at their
/// item headers (the table is read once a version, <see cref="FragmentIndex"/>); without one, each frame is one fragment (the frame's codestream must start there, and
/// the next frame's after it, or the object is read whole), found by reading item headers from the
/// first, or from the furthest one an earlier walk of the same version reached
/// (<see cref="FragmentIndex"/>), many in one read where the frames are small. Every length is checked
/// against the object; anything unexpected gives null.
/// </summary>
public static class EncapsulatedFragments
{
    private const uint Item = 0xE000_FFFE;
    private const uint SequenceDelimiter = 0xE0DD_FFFE;

    /// <summary>The most a request's walk of item headers reads in windows of several items (besides its
    /// 8-byte reads): with the head and the frame, a request stays within about 2 MiB of reading. Never
    /// more than a quarter of what the request may still read. Also the most one read of a walk takes
    /// (a walk ahead of requests, <see cref="IndexAsync"/>, reads up to half of what it may).</summary>
    private const long WalkWindowBytes = 1024 * 1024;

    /// <summary>Items this small are walked in windows: reading 64 KiB costs about what a request does.</summary>
    private const long SmallItemBytes = 64 * 1024;

    /// <param name="itemsStart">Where the Basic Offset Table item begins (the Pixel Data value).</param>
    /// <param name="extendedOffsets">The Extended Offset Table's value (7FE0,0001), when the object has one.</param>
    public static async Task<List<byte[]>?> ReadAsync(ISourceRanges source, long itemsStart, int frame, int frames, string transferSyntax, FragmentIndex index, CancellationToken cancellationToken, ReadOnlyMemory<byte>? extendedOffsets = null)
    {
        if (await StartsAsync(source, itemsStart, frames, extendedOffsets, index, cancellationToken) is not var (byTable, starts))
        {
            return null;
        }

        if (byTable is not null)
        {
            return await ItemsAsync(source, byTable[frame - 1], frame < frames ? byTable[frame] : null, cancellationToken);
        }

        if (!await WalkAsync(source, starts, frame, Math.Min(WalkWindowBytes, source.Unread / 4), cancellationToken))
        {
            return null;
        }

        index.Learned(source.Identity, starts);
        var position = starts[frame - 1];

        long frameLength;
        if (starts.Count > frame)
        {
            // A walk of this version read the item's header before: its length is the way to the next.
            frameLength = starts[frame] - position - 8;
        }
        else if (await HeaderAsync(source, position, cancellationToken) is (Item, var length))
        {
            frameLength = length;
        }
        else
        {
            return null;
        }

        if (frameLength < 0 || position + 8 + frameLength > source.Length || frameLength > int.MaxValue)
        {
            return null;
        }

        // The frame's value and the next item's header and first bytes in one read: a frame split over
        // several fragments would pass for several frames, so what follows must begin the next frame's
        // codestream, or end the pixel data.
        var value = await source.ReadAsync(position + 8, (int)Math.Min(frameLength + 8 + 8, int.MaxValue), cancellationToken);
        if (value.Length < frameLength + 8 || !StartsFrame(value, transferSyntax))
        {
            return null;
        }

        var next = value.AsSpan((int)frameLength);
        var nextTag = BinaryPrimitives.ReadUInt32LittleEndian(next);
        return nextTag == SequenceDelimiter || (nextTag == Item && StartsFrame(next[8..], transferSyntax))
            ? [value[..(int)frameLength]]
            : null;
    }

    /// <summary>
    /// Learns where every frame of the object begins (its offset table, or a walk of all its item
    /// headers when it has none) into <paramref name="index"/>, so that the first request for any frame
    /// reads that frame and nothing before it: done in the background when the object arrives (bucket
    /// events), where a walk's hundreds of small reads cost no client anything. False when the items
    /// are not as expected (the frame's request then finds that out itself).
    /// </summary>
    public static async Task<bool> IndexAsync(ISourceRanges source, long itemsStart, int frames, FragmentIndex index, CancellationToken cancellationToken, ReadOnlyMemory<byte>? extendedOffsets = null)
    {
        if (frames < 1 || frames > (source.Length - itemsStart) / 8)
        {
            // Each frame takes an 8-byte item header at least: a head that claims more lies.
            return false;
        }

        if (await StartsAsync(source, itemsStart, frames, extendedOffsets, index, cancellationToken) is not var (byTable, starts))
        {
            return false;
        }

        if (byTable is not null)
        {
            return true;
        }

        // No client waits: small items may be read many at a time up to half of what may be read. The
        // last frame's header too: where it ends is where a request for it stops reading.
        if (!await WalkAsync(source, starts, frames + 1, source.Unread / 2, cancellationToken))
        {
            return false;
        }

        index.Learned(source.Identity, starts);
        return true;
    }

    /// <summary>The frames' starts by the offset table (remembered, or read and remembered), or else
    /// the items' starts known so far (from an earlier walk of this version, or just the first); null
    /// when the first item is not as expected.</summary>
    private static async Task<(long[]? ByTable, List<long> Walked)?> StartsAsync(ISourceRanges source, long itemsStart, int frames, ReadOnlyMemory<byte>? extendedOffsets, FragmentIndex index, CancellationToken cancellationToken)
    {
        if (index.Table(source.Identity) is { } remembered && remembered.Length == frames)
        {
            // This version's table was read before: neither its item header nor its value again.
            return (remembered, []);
        }

        // An object walked before has no table (only those are walked): its walk goes on from there.
        List<long> starts = [.. index.Known(source.Identity)];
        if (starts.Count > 0)
        {
            return (null, starts);
        }

        if (await HeaderAsync(source, itemsStart, cancellationToken) is not (Item, var tableLength) || itemsStart + 8 + tableLength > source.Length)
        {
            return null;
        }

        if (tableLength > 0 || extendedOffsets is not null)
        {
            if (await StartsByTableAsync(source, itemsStart, tableLength, frames, extendedOffsets, cancellationToken) is not { } byTable)
            {
                return null;
            }

            index.LearnedTable(source.Identity, byTable);
            return (byTable, starts);
        }

        // No table: one fragment a frame, the first right after the table's empty item.
        starts.Add(itemsStart + 8);
        return (null, starts);
    }

    /// <summary>Steps over items by their headers until <paramref name="starts"/> holds
    /// <paramref name="count"/> of them; false at anything but an item. Small items are read many at a
    /// time, at most <paramref name="window"/> bytes in all and <see cref="WalkWindowBytes"/> a read.</summary>
    private static async Task<bool> WalkAsync(ISourceRanges source, List<long> starts, int count, long window, CancellationToken cancellationToken)
    {
        while (starts.Count < count)
        {
            // Once the frames' size is known and small (an ultrasound clip's are tens of kilobytes, which
            // cost about what an 8-byte request does), those still before the one asked for are read
            // many at a time, within the window (for a request, 1 MiB and a quarter of what it could
            // still read when the walk began). Otherwise one 8-byte read a header.
            var average = starts.Count > 1 ? (starts[^1] - starts[0]) / (starts.Count - 1) : 0;
            var span = Math.Min(Math.Min((count - starts.Count) * average * 5 / 4, window), WalkWindowBytes);
            if (average is > 0 and <= SmallItemBytes && span >= 2 * average)
            {
                var items = await source.ReadAsync(starts[^1], (int)span, cancellationToken);
                window -= span;
                var origin = starts[^1];
                while (starts.Count < count && starts[^1] - origin + 8 <= items.Length)
                {
                    // Each header wholly inside what was read gives the next item's start.
                    var at = (int)(starts[^1] - origin);
                    if (BinaryPrimitives.ReadUInt32LittleEndian(items.AsSpan(at)) != Item)
                    {
                        return false;
                    }

                    starts.Add(starts[^1] + 8 + BinaryPrimitives.ReadUInt32LittleEndian(items.AsSpan(at + 4)));
                }

                continue;
            }

            if (await HeaderAsync(source, starts[^1], cancellationToken) is not (Item, var length))
            {
                return false;
            }

            starts.Add(starts[^1] + 8 + length);
        }

        return true;
    }

    /// <summary>Where each frame's first item begins, by the Basic or the Extended Offset Table; null
    /// without one, or with one that does not fit the frames.</summary>
    public static async Task<long[]?> FrameStartsAsync(ISourceRanges source, long itemsStart, int frames, ReadOnlyMemory<byte>? extendedOffsets, CancellationToken cancellationToken) =>
        await HeaderAsync(source, itemsStart, cancellationToken) is (Item, var tableLength) && itemsStart + 8 + tableLength <= source.Length
            && (tableLength > 0 || extendedOffsets is not null)
            ? await StartsByTableAsync(source, itemsStart, tableLength, frames, extendedOffsets, cancellationToken)
            : null;

    /// <summary>The values of the items from <paramref name="start"/> to <paramref name="end"/> (read at
    /// once and split at their headers), or to the sequence delimiter when there is no end.</summary>
    public static async Task<List<byte[]>?> ItemsAsync(ISourceRanges source, long start, long? end, CancellationToken cancellationToken) =>
        end is { } last
            ? Split(await ReadBetweenAsync(source, start, last, cancellationToken))
            : await FragmentsUntilDelimiterAsync(source, start, cancellationToken);

    /// <summary>One offset a frame, from the first fragment's item: 32 bits in the Basic table, 64 in
    /// the Extended; an offset past any object (a lying 64-bit one) is made one the range checks refuse.</summary>
    private static async Task<long[]?> StartsByTableAsync(ISourceRanges source, long itemsStart, long tableLength, int frames, ReadOnlyMemory<byte>? extendedOffsets, CancellationToken cancellationToken)
    {
        var first = itemsStart + 8 + tableLength;
        var (table, width) = tableLength > 0 ? (await source.ReadAsync(itemsStart + 8, (int)tableLength, cancellationToken), 4) : (extendedOffsets!.Value.ToArray(), 8);
        if (table.LongLength != (long)width * frames)
        {
            return null;
        }

        return [.. Enumerable.Range(0, frames).Select(index => first + (width == 4
            ? BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(index * 4))
            : (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(index * 8)), 1UL << 62)))];
    }

    /// <summary>Whether a fragment begins a frame's codestream: a JPEG start of image (JPEG, JPEG-LS), a
    /// JPEG 2000 start of codestream or a JP2 signature box, an RLE header (1 to 15 segments, the first
    /// right after the 64-byte header). Other syntaxes give false.</summary>
    private static bool StartsFrame(ReadOnlySpan<byte> value, string transferSyntax) => transferSyntax switch
    {
        "1.2.840.10008.1.2.5" => value.Length >= 8 && BinaryPrimitives.ReadUInt32LittleEndian(value) is >= 1 and <= 15 && BinaryPrimitives.ReadUInt32LittleEndian(value[4..]) == 64,
        "1.2.840.10008.1.2.4.50" or "1.2.840.10008.1.2.4.51" or "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70"
            or "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => value.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]),
        "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" => value.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F]) || value.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50]),
        _ => false,
    };

    private static async Task<(uint Tag, long Length)?> HeaderAsync(ISourceRanges source, long position, CancellationToken cancellationToken)
    {
        if (position + 8 > source.Length)
        {
            return null;
        }

        var header = await source.ReadAsync(position, 8, cancellationToken);
        return header.Length == 8 ? (BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4))) : null;
    }

    private static async Task<byte[]?> ReadBetweenAsync(ISourceRanges source, long start, long end, CancellationToken cancellationToken) =>
        start < end && end <= source.Length && end - start <= int.MaxValue ? await source.ReadAsync(start, (int)(end - start), cancellationToken) : null;

    /// <summary>The item values in bytes that must be whole items, one after another.</summary>
    private static List<byte[]>? Split(byte[]? items)
    {
        if (items is null)
        {
            return null;
        }

        var fragments = new List<byte[]>();
        var position = 0;
        while (position < items.Length)
        {
            if (items.Length - position < 8 || BinaryPrimitives.ReadUInt32LittleEndian(items.AsSpan(position)) != Item)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(items.AsSpan(position + 4));
            if (length > items.Length - position - 8)
            {
                return null;
            }

            fragments.Add(items.AsSpan(position + 8, (int)length).ToArray());
            position += 8 + (int)length;
        }

        return fragments.Count > 0 ? fragments : null;
    }

    /// <summary>The last frame's fragments: items from its start to the sequence delimiter.</summary>
    private static async Task<List<byte[]>?> FragmentsUntilDelimiterAsync(ISourceRanges source, long position, CancellationToken cancellationToken)
    {
        var fragments = new List<byte[]>();
        while (await HeaderAsync(source, position, cancellationToken) is var (tag, length))
        {
            if (tag == SequenceDelimiter)
            {
                return fragments.Count > 0 ? fragments : null;
            }

            if (tag != Item || position + 8 + length > source.Length || length > int.MaxValue)
            {
                return null;
            }

            fragments.Add(await source.ReadAsync(position + 8, (int)length, cancellationToken));
            position += 8 + length;
        }

        return null;
    }
}
