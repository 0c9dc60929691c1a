using System.Buffers.Binary;
using Helium.Imager.Core.Dicom;

namespace Helium.Imager.UnitTests.Dicom;

/// <summary>
/// The head of a DICOM object read by range: whatever the first read holds (the preamble alone, half
/// an element, everything), the head found is the one the whole file gives, with the Pixel Data value
/// where the whole file has it (encapsulated: where its items begin), and reads never go past what was
/// needed; files that cannot be read by range (big-endian, a lying length) give null, never an exception.
/// </summary>
public sealed class DicomHeadTests
{
    public static TheoryData<string, int> NativeLittleEndian() => new()
    {
        { "dicom/CT_small.dcm", 132 },
        { "dicom/CT_small.dcm", 333 },
        { "dicom/CT_small.dcm", 64 * 1024 },
        { "dicom/MR_small.dcm", 140 },
        { "dicom/MR_small_implicit.dcm", 200 },
        { "dicom/SC_rgb_small_odd.dcm", 150 },
    };

    [Theory]
    [MemberData(nameof(NativeLittleEndian))]
    public async Task The_head_is_found_however_little_was_read_first(string name, int first)
    {
        var bytes = Fixture.Bytes(name);
        first = Math.Min(first, bytes.Length);
        var whole = DicomTopLevel.Read(bytes, NativeGreyFrame.Attributes)!;
        var source = new MemoryRanges(bytes);

        var found = await DicomHead.ReadAsync(source, bytes[..first], NativeGreyFrame.Attributes, CancellationToken.None);

        Assert.NotNull(found);
        var (head, read) = found.Value;
        Assert.True(read.Length >= head.PixelData!.Value.Offset);
        Assert.Equal(whole.PixelData, head.PixelData);
        Assert.Equal(whole.Values, head.Values);
        Assert.Equal(whole.TransferSyntax, head.TransferSyntax);
        // Doubling from the first read: never more than twice the head, never the pixel data itself.
        Assert.True(first + source.BytesRead <= Math.Max(first, 2 * whole.PixelData!.Value.Offset), $"read {first} + {source.BytesRead}");
    }

    [Theory]
    [InlineData("dicom/JPEG2000.dcm")]
    [InlineData("dicom/MR_small_RLE.dcm")]
    [InlineData("dicom/MR_small_jpeg_ls_lossless.dcm")]
    public async Task Encapsulated_pixel_data_is_found_with_no_length(string name)
    {
        var bytes = Fixture.Bytes(name);
        var whole = DicomTopLevel.Read(bytes)!;

        var found = await DicomHead.ReadAsync(new MemoryRanges(bytes), bytes[..200], NativeGreyFrame.Attributes, CancellationToken.None);

        Assert.NotNull(found);
        var (offset, length) = found.Value.Top.PixelData!.Value;
        Assert.Equal(-1, length);
        // The Basic Offset Table item starts there: 8 bytes of header and its table before the first fragment.
        Assert.Equal(whole.Fragments[0].Offset, offset + 8 + BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4)) + 8);
    }

    [Theory]
    [InlineData("dicom/MR_small_bigendian.dcm")]
    [InlineData("dicom/ExplVR_BigEnd.dcm")]
    public async Task Objects_that_need_reading_whole_give_null(string name)
    {
        var bytes = Fixture.Bytes(name);
        Assert.Null(await DicomHead.ReadAsync(new MemoryRanges(bytes), bytes[..Math.Min(bytes.Length, 1024)], NativeGreyFrame.Attributes, CancellationToken.None));
    }

    [Fact]
    public async Task A_pixel_data_length_beyond_the_object_gives_null()
    {
        var bytes = Fixture.Bytes("dicom/CT_small.dcm");
        var at = bytes.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'W', 0x00, 0x00]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), (uint)bytes.Length);
        Assert.Null(await DicomHead.ReadAsync(new MemoryRanges(bytes), bytes[..200], NativeGreyFrame.Attributes, CancellationToken.None));
    }

    [Fact]
    public async Task A_lying_element_length_before_the_pixels_reads_to_the_cap_at_most_and_gives_null()
    {
        // Rows (0028,0010) claims 4 GB: a head that never completes.
        var bytes = Fixture.Bytes("dicom/CT_small.dcm");
        var at = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x28, 0x00, 0x10, 0x00, (byte)'U', (byte)'S']);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 6), 0xFFFF);
        var source = new MemoryRanges(bytes);
        Assert.Null(await DicomHead.ReadAsync(source, bytes[..200], NativeGreyFrame.Attributes, CancellationToken.None));
        Assert.True(source.BytesRead <= bytes.Length);
    }
}
