using System.Text.Json;
using Helium.Imager.Core.Dicom;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// An uncompressed grey frame read in the server's process (<see cref="NativeGreyFrame"/>) is exactly
/// what GDCM's decoder gives for the same file: every attribute the display pipeline reads and every
/// sample, over each kind of file it reads (explicit and implicit VR, 8 and 16 bits, signed, MONOCHROME1,
/// several windows and a VOI function, padding, a Modality LUT Sequence, a large frame averaged by
/// blocks, frames of a multi-frame image); and files it must leave to GDCM are left.
/// </summary>
public sealed class NativeGreyFrameTests
{
    /// <summary>A 190 × 190 thumbnail: a 1976 × 1576 frame is averaged by 4 × 4 blocks.</summary>
    private static readonly DecodeSize Thumbnail = new(190, 190, Cover: false, 0, 0);

    public static TheoryData<string, int, bool> Read => new()
    {
        { "ct", 1, false },
        { "ct-implicit", 1, false },
        { "ct-monochrome1-windows-padding", 1, false },
        { "dx-without-rescale", 1, false },
        { "cr-modality-lut", 1, false },
        { "cr-modality-lut", 1, true },
        { "clip-16", 1, false },
        { "clip-16", 3, false },
        { "clip-16", 5, true },
        { "clip-8", 2, false },
    };

    [Theory]
    [MemberData(nameof(Read))]
    public async Task A_frame_read_here_is_what_gdcm_decodes(string kind, int frame, bool thumbnail)
    {
        var file = await MakeAsync(kind);
        var size = thumbnail ? Thumbnail : DecodeSize.Full;

        var native = NativeGreyFrame.Read(file, frame, size, long.MaxValue);
        var gdcm = Decode(file, frame, size);

        Assert.NotNull(native);
        Assert.Equal(Describe(gdcm), Describe(native));
        Assert.True(gdcm.Pixels.AsSpan().SequenceEqual(native.Pixels), $"{kind}: the samples differ");
    }

    [Theory]
    [InlineData("mr")]
    [InlineData("jpeg2000")]
    [InlineData("rgb")]
    [InlineData("big-endian")]
    [InlineData("dx-with-rescale")]
    [InlineData("enhanced")]
    public async Task Files_gdcm_reads_differently_are_left_to_it(string kind)
    {
        Assert.Null(NativeGreyFrame.Read(await MakeAsync(kind), 1, DecodeSize.Full, long.MaxValue));
    }

    private static async Task<byte[]> MakeAsync(string kind)
    {
        var ct = await File.ReadAllBytesAsync(Fixture.Path("dicom/CT_small.dcm"));
        return kind switch
        {
            "ct" => ct,
            "ct-implicit" => await Dcmtk.ConvertAsync("dcmconv", "dicom/CT_small.dcm", "+ti"),
            "ct-monochrome1-windows-padding" => await Dcmtk.ModifyAsync(ct,
                "-i", "(0028,0004)=MONOCHROME1", "-i", "(0028,1050)=40\\400", "-i", "(0028,1051)=350\\1500",
                "-i", "(0028,1056)=SIGMOID", "-i", "(0028,0120)=-2000"),
            "dx-without-rescale" => await Dcmtk.ModifyAsync(ct, "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.1.1", "-e", "(0028,1052)", "-e", "(0028,1053)"),
            "dx-with-rescale" => await Dcmtk.ModifyAsync(ct, "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.1.1"),
            "enhanced" => await Dcmtk.ModifyAsync(ct, "-i", "(5200,9229)[0].(0028,9145)[0].(0028,1053)=2"),
            "cr-modality-lut" => DicomWriter.RadiographWithModalityLut(1976, 1576),
            "clip-16" => DicomWriter.MultiFrameGrey(64, 48, 5, frameTime: 40),
            "clip-8" => DicomWriter.MultiFrameGrey(64, 48, 3, frameRate: 12, bits: 8),
            "mr" => await File.ReadAllBytesAsync(Fixture.Path("dicom/MR_small.dcm")),
            "jpeg2000" => await File.ReadAllBytesAsync(Fixture.Path("dicom/JPEG2000.dcm")),
            "rgb" => await File.ReadAllBytesAsync(Fixture.Path("dicom/SC_rgb_small_odd.dcm")),
            "big-endian" => await File.ReadAllBytesAsync(Fixture.Path("dicom/ExplVR_BigEnd.dcm")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static DicomImage Decode(byte[] file, int frame, DecodeSize size)
    {
        var path = Path.Combine(Path.GetTempPath(), $"helium-native-{Guid.NewGuid():N}.dcm");
        try
        {
            File.WriteAllBytes(path, file);
            return DicomDecoder.Decode(path, GdcmRuntime.DefaultGluePath, long.MaxValue, frame, size);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Every attribute but the samples, as text that shows what differs.</summary>
    private static string Describe(DicomImage image) => JsonSerializer.Serialize(image with { Pixels = [] }, Indented);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
