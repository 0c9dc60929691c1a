using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Helium.Imager.Core.Dicom;
using Helium.Imager.Core.Problems;

namespace Helium.Imager.UnitTests.Dicom;

/// <summary>Deflated data sets are inflated by our own code, within a bound, before anything reads them.</summary>
public sealed class DeflatedDicomTests
{
    /// <summary>CT_small as dcmconv +td would write it: the meta group naming the deflated syntax, then
    /// the data set as one raw deflate stream (or one with a zlib header).</summary>
    private static (byte[] Deflated, byte[] DataSet) Deflate(byte[] native, bool zlibHeader = false)
    {
        var start = (int)DicomStructure.DataSetStart(native)!;
        var dataSet = native[start..];
        using var compressed = new MemoryStream();
        using (Stream deflater = zlibHeader ? new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true) : new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflater.Write(dataSet);
        }

        var meta = native[..start];
        var text = Encoding.ASCII.GetString(meta);
        var at = text.IndexOf("1.2.840.10008.1.2.1", StringComparison.Ordinal);
        Assert.True(at > 0);
        var oldLength = BinaryPrimitives.ReadUInt16LittleEndian(meta.AsSpan(at - 2));
        var uid = Encoding.ASCII.GetBytes(DeflatedDicom.TransferSyntax); // 22 bytes: even, no padding
        var rewritten = meta[..(at - 2)].Concat(BitConverter.GetBytes((ushort)uid.Length)).Concat(uid).Concat(meta[(at + oldLength)..]).ToArray();
        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(rewritten.AsSpan(140));
        BinaryPrimitives.WriteUInt32LittleEndian(rewritten.AsSpan(140), (uint)(groupLength + uid.Length - oldLength));
        return ([.. rewritten, .. compressed.ToArray()], dataSet);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_deflated_file_becomes_explicit_little_endian_with_the_same_data_set(bool zlibHeader)
    {
        var native = Fixture.Bytes("dicom/CT_small.dcm");
        Assert.Equal("1.2.840.10008.1.2.1", DicomStructure.TransferSyntaxOf(native));
        var (deflated, dataSet) = Deflate(native, zlibHeader);
        Assert.Equal(DeflatedDicom.TransferSyntax, DicomStructure.TransferSyntaxOf(deflated));
        Assert.NotNull(DicomStructure.Problem(deflated)); // the walker cannot see inside: never handed over as it is

        var inflated = DeflatedDicom.Inflate(deflated, maxBytes: 10 << 20);

        Assert.Equal("1.2.840.10008.1.2.1", DicomStructure.TransferSyntaxOf(inflated));
        Assert.Equal(dataSet, inflated[(int)DicomStructure.DataSetStart(inflated)!..]);
        Assert.Null(DicomStructure.Problem(inflated));
        Assert.Same(native, DeflatedDicom.Inflate(native, maxBytes: 10 << 20));
    }

    [Fact]
    public void A_stream_that_inflates_beyond_the_bound_is_refused_as_too_large()
    {
        var (deflated, _) = Deflate(Fixture.Bytes("dicom/CT_small.dcm"));

        var refused = Assert.Throws<SourceRejectedException>(() => DeflatedDicom.Inflate(deflated, maxBytes: 16 * 1024));

        Assert.Equal(SourceProblem.TooLarge, refused.Problem);
    }

    [Fact]
    public void A_damaged_stream_is_refused_as_corrupt()
    {
        var (deflated, _) = Deflate(Fixture.Bytes("dicom/CT_small.dcm"));
        var start = (int)DicomStructure.DataSetStart(deflated)!;
        var damaged = deflated.ToArray();
        for (var i = start; i < start + 64; i++)
        {
            damaged[i] ^= 0xA5;
        }

        var refused = Record.Exception(() => DicomStructure.Problem(DeflatedDicom.Inflate(damaged, maxBytes: 10 << 20)));

        // Either the inflater finds the damage, or what it inflates is not a data set the walker trusts.
        Assert.True(refused is SourceRejectedException { Problem: SourceProblem.Corrupt } || DicomStructure.Problem(DeflatedDicom.Inflate(damaged, 10 << 20)) is not null, refused?.ToString());
    }
}
