using System.Buffers.Binary;
using Helium.Imager.Core.Dicom;

namespace Helium.Imager.UnitTests.Dicom;

public sealed class DicomStructureTests
{
    private static readonly byte[] EncapsulatedHeader = [0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'B', 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF];

    public static TheoryData<string> WholeFixtures() => new(
        Directory.GetFiles(Fixture.Path("dicom"), "*.dcm").Select(Path.GetFileName).Where(name => name != "MR_truncated.dcm")!);

    [Theory]
    [MemberData(nameof(WholeFixtures))]
    public void Whole_files_pass(string name) => Assert.Null(DicomStructure.Problem(Fixture.Bytes("dicom/" + name)));

    [Fact]
    public void A_cut_native_file_is_found() =>
        Assert.Contains("declares", DicomStructure.Problem(Fixture.Bytes("dicom/MR_truncated.dcm")), StringComparison.Ordinal);

    [Theory]
    [InlineData("dicom/CT_small.dcm")]
    [InlineData("dicom/MR_small_implicit.dcm")]
    [InlineData("dicom/MR_small_bigendian.dcm")]
    public void Cuts_inside_an_element_are_found(string name)
    {
        // These land in Pixel Data. A cut between two elements leaves a valid, shorter data set, which
        // GDCM rejects for its missing pixel data.
        var bytes = Fixture.Bytes(name);
        foreach (var cut in new[] { bytes.Length / 2, bytes.Length - 100, bytes.Length - 1 })
        {
            Assert.NotNull(DicomStructure.Problem(bytes.AsSpan(0, cut)));
        }
    }

    [Fact]
    public void A_lying_pixel_data_length_is_found()
    {
        var bytes = Fixture.Bytes("dicom/CT_small.dcm");
        var at = bytes.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'W', 0x00, 0x00]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), 0x7FFF_FFF0);

        Assert.Contains("(7FE0,0010) declares 2147483632 bytes", DicomStructure.Problem(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_standard_vr_is_found()
    {
        // (0008,0060) Modality "CS" becomes bytes no VR has: GDCM then reads a 32-bit length from the
        // value and allocated gigabytes; dcmtk refuses the same file.
        var bytes = Fixture.Bytes("dicom/CT_small.dcm");
        var at = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S']);
        bytes[at + 4] = 0x03;
        bytes[at + 5] = 0xA0;

        Assert.Contains("(0008,0060) has the non-standard VR \"\\x03\\xA0\"", DicomStructure.Problem(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_fragment_item_is_found()
    {
        var bytes = Fixture.Bytes("dicom/MR_small_RLE.dcm");
        var firstItem = FirstFragment(bytes);
        var secondItem = firstItem + 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(firstItem + 4));
        bytes[secondItem + 1] ^= 0x40;

        Assert.Contains("where a sequence item was expected", DicomStructure.Problem(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fragment_longer_than_the_file_is_found()
    {
        var bytes = Fixture.Bytes("dicom/JPEG2000.dcm");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(FirstFragment(bytes) + 4), 0x7FFF_0000);

        Assert.Contains("(FFFE,E000) declares 2147418112 bytes", DicomStructure.Problem(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_sequence_delimiter_is_truncation()
    {
        var bytes = Fixture.Bytes("dicom/SC_rgb_jpeg_dcmtk.dcm");
        var cut = bytes.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xFE, 0xFF, 0xDD, 0xE0]);

        Assert.Contains("truncated", DicomStructure.Problem(bytes.AsSpan(0, cut)), StringComparison.Ordinal);
    }

    [Fact]
    public void Endless_nesting_is_refused()
    {
        // A preamble-less explicit-VR data set of 100 sequences, each in an item of the one before.
        var nested = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            nested.AddRange([0x08, 0x00, 0x15, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
            nested.AddRange([0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]);
        }

        Assert.Contains("nested more than", DicomStructure.Problem(nested.ToArray()), StringComparison.Ordinal);
    }

    private static int FirstFragment(byte[] bytes) => bytes.AsSpan().LastIndexOf(EncapsulatedHeader) + EncapsulatedHeader.Length;
}
