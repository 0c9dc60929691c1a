using System.Buffers.Binary;
using Helium.Imager.Core.Dicom;

namespace Helium.Imager.UnitTests.Dicom;

/// <summary>
/// Frames of encapsulated pixel data without an offset table, located ahead of requests
/// (<see cref="EncapsulatedFragments.IndexAsync"/>, as bucket events do): a frame deep in the object is
/// then one read, of its own bytes, whether the frames are large (a header read each while indexing)
/// or small (many headers a read); items that are not as expected leave nothing learned.
/// </summary>
public sealed class EncapsulatedFragmentsTests
{
    private const string JpegBaseline = "1.2.840.10008.1.2.4.50";

    [Theory]
    [InlineData(40, 100_000, 45)]
    [InlineData(3000, 1_000, 12)]
    public async Task Indexed_ahead_a_frame_deep_in_an_object_without_a_table_is_one_read(int count, int size, int indexReads)
    {
        var frames = Frames(count, size);
        var (bytes, itemsStart) = PixelData(frames);
        var index = new FragmentIndex();

        var indexing = new MemoryRanges(bytes);
        Assert.True(await EncapsulatedFragments.IndexAsync(indexing, itemsStart, count, index, CancellationToken.None));
        Assert.True(indexing.Reads <= indexReads, $"{indexing.Reads} reads to index {count} frames");

        foreach (var frame in new[] { count - 3, 2, count })
        {
            var request = new MemoryRanges(bytes);
            var fragments = await EncapsulatedFragments.ReadAsync(request, itemsStart, frame, count, JpegBaseline, index, CancellationToken.None);
            Assert.Equal(frames[frame - 1], Assert.Single(fragments!));
            Assert.True(request.Reads == 1, $"frame {frame}: {request.Reads} reads");
        }
    }

    [Fact]
    public async Task Without_indexing_a_frame_deep_in_the_object_walks_the_headers_before_it()
    {
        // What indexing saves: the same request, nothing learned before, reads each large frame's header.
        var frames = Frames(40, 100_000);
        var (bytes, itemsStart) = PixelData(frames);
        var request = new MemoryRanges(bytes);

        var fragments = await EncapsulatedFragments.ReadAsync(request, itemsStart, 37, frames.Count, JpegBaseline, new FragmentIndex(), CancellationToken.None);

        Assert.Equal(frames[36], Assert.Single(fragments!));
        Assert.True(request.Reads >= 37, $"{request.Reads} reads");
    }

    [Fact]
    public async Task Items_that_are_not_as_expected_leave_nothing_learned()
    {
        var frames = Frames(20, 5_000);
        var (bytes, itemsStart) = PixelData(frames);
        var twelfth = itemsStart + 8 + frames.Take(11).Sum(frame => 8 + frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)twelfth), 0x0010_0010); // not an item tag
        var index = new FragmentIndex();

        Assert.False(await EncapsulatedFragments.IndexAsync(new MemoryRanges(bytes), itemsStart, frames.Count, index, CancellationToken.None));
        Assert.Empty(index.Known("in memory"));
        Assert.Null(await EncapsulatedFragments.ReadAsync(new MemoryRanges(bytes), itemsStart, 15, frames.Count, JpegBaseline, index, CancellationToken.None));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(200_000)]
    public async Task A_head_claiming_more_frames_than_the_object_can_hold_is_not_walked(int claimed)
    {
        var (bytes, itemsStart) = PixelData(Frames(20, 5_000));
        var source = new MemoryRanges(bytes);
        var index = new FragmentIndex();

        Assert.False(await EncapsulatedFragments.IndexAsync(source, itemsStart, claimed, index, CancellationToken.None));
        Assert.Equal(0, source.Reads);
        Assert.Empty(index.Known("in memory"));
    }

    [Fact]
    public void What_is_remembered_stays_bounded_in_offsets_not_only_in_objects()
    {
        var index = new FragmentIndex();
        index.Learned("ordinary", [.. Enumerable.Range(0, 300).Select(i => (long)i)]);
        index.Learned("huge", [.. Enumerable.Range(0, FragmentIndex.MaxOffsets + 1).Select(i => (long)i)]);
        Assert.Empty(index.Known("huge"));
        Assert.Equal(300, index.Known("ordinary").Count);

        // Objects that fill the index past its offsets make it start over, the last one kept.
        for (var i = 0; i < 5; i++)
        {
            index.LearnedTable($"large {i}", [.. Enumerable.Range(0, FragmentIndex.MaxOffsets / 4).Select(j => (long)j)]);
        }

        Assert.Empty(index.Known("ordinary"));
        Assert.Null(index.Table("large 0"));
        Assert.NotNull(index.Table("large 4"));
    }

    /// <summary>Frames that each begin as a JPEG does, of even sizes around <paramref name="size"/>.</summary>
    private static List<byte[]> Frames(int count, int size)
    {
        var random = new Random(count);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var frame = new byte[(size + random.Next(size / 4)) & ~1];
            random.NextBytes(frame);
            (frame[0], frame[1]) = (0xFF, 0xD8);
            return frame;
        })];
    }

    /// <summary>A few bytes standing for the head, then the Pixel Data value: an empty Basic Offset
    /// Table, one item a frame, the sequence delimiter.</summary>
    private static (byte[] Bytes, long ItemsStart) PixelData(List<byte[]> frames)
    {
        const int itemsStart = 132;
        using var stream = new MemoryStream();
        stream.Write(new byte[itemsStart]);
        Item(stream, 0xE000_FFFE, []);
        foreach (var frame in frames)
        {
            Item(stream, 0xE000_FFFE, frame);
        }

        Item(stream, 0xE0DD_FFFE, []);
        return (stream.ToArray(), itemsStart);
    }

    private static void Item(Stream stream, uint tag, byte[] value)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, tag);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
        stream.Write(header);
        stream.Write(value);
    }
}
