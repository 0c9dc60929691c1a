using Helium.Imager.Core.Dicom;

namespace Helium.Imager.UnitTests.Dicom;

/// <summary>The grayscale pipeline and colour conversions on hand-made pixel arrays.</summary>
public sealed class DicomDisplayTests
{
    private static byte[] Le16(params int[] values) => values.SelectMany(v => new[] { (byte)(v & 0xFF), (byte)((v >> 8) & 0xFF) }).ToArray();

    private static DicomImage Grey(int[] stored, string photometric = "MONOCHROME2", double slope = 1, double intercept = 0,
        IReadOnlyList<VoiWindow>? windows = null, int? padding = null, LookupTable? modality = null, LookupTable? voi = null) => new()
        {
            Width = stored.Length,
            Height = 1,
            Frames = 1,
            SamplesPerPixel = 1,
            BitsAllocated = 16,
            BitsStored = 16,
            IsSigned = true,
            Photometric = photometric,
            TransferSyntax = "1.2.840.10008.1.2.1",
            PlanarConfiguration = 0,
            RescaleSlope = slope,
            RescaleIntercept = intercept,
            Windows = windows ?? [],
            PixelPaddingValue = padding,
            ModalityLut = modality,
            VoiLut = voi,
            Pixels = Le16(stored),
        };

    [Fact]
    public void Stored_values_keep_bits_stored_and_extend_the_sign()
    {
        // 12 bits stored in 16: the top nibble carries overlay bits that must be ignored.
        var frame = Le16(0xF7FF, 0x0800, 0x0FFF, 0x1001);

        Assert.Equal([2047, -2048, -1, 1], DicomDisplay.StoredValues(frame, 16, 12, isSigned: true));
        Assert.Equal([2047, 2048, 4095, 1], DicomDisplay.StoredValues(frame, 16, 12, isSigned: false));
        Assert.Equal([0, 255], DicomDisplay.StoredValues([0, 255], 8, 8, isSigned: false));
    }

    [Fact]
    public void Rescale_slope_and_intercept_give_modality_values()
    {
        Assert.Equal([-1024, 0, 976], DicomDisplay.ModalityValues([0, 1024, 2000], 1, -1024, null));
        Assert.Equal([1.5, 3.5], DicomDisplay.ModalityValues([1, 3], 1, 0.5, null));
        Assert.Equal([5, 10], DicomDisplay.ModalityValues([1, 2], 5, 0, null));
    }

    [Fact]
    public void A_modality_lut_sequence_replaces_rescale()
    {
        var lut = new LookupTable(FirstMapped: 10, BitsPerEntry: 16, Data: [100, 200, 300]);

        Assert.Equal([100, 100, 200, 300, 300], DicomDisplay.ModalityValues([0, 10, 11, 12, 99], 2, 7, lut));
    }

    [Theory]
    [InlineData(-160.5, 0)]
    [InlineData(-160.4, 0)]
    [InlineData(40, 128)]
    [InlineData(239.5, 255)]
    [InlineData(239.6, 255)]
    [InlineData(1000, 255)]
    [InlineData(-1000, 0)]
    public void Linear_follows_the_standard(double x, byte expected)
    {
        // c=40, w=400: x <= c - 0.5 - (w-1)/2 = -160 → 0; x > c - 0.5 + (w-1)/2 = 239 → 255.
        Assert.Equal(expected, DicomDisplay.ApplyWindow(x, new VoiWindow(40, 400, VoiFunction.Linear)));
    }

    [Theory]
    [InlineData(-160, 0)]
    [InlineData(40, 128)]
    [InlineData(140, 191)]
    [InlineData(240, 255)]
    [InlineData(240.1, 255)]
    public void Linear_exact_maps_the_window_edges_exactly(double x, byte expected)
    {
        Assert.Equal(expected, DicomDisplay.ApplyWindow(x, new VoiWindow(40, 400, VoiFunction.LinearExact)));
    }

    [Theory]
    [InlineData(40, 128)]
    [InlineData(140, 186)]
    [InlineData(-60, 69)]
    [InlineData(10000, 255)]
    public void Sigmoid_follows_the_standard(double x, byte expected)
    {
        // y = 255 / (1 + exp(-4 (x - c) / w)); at x = c + w/4, 255 / (1 + e^-1) = 186.4; here w = 400.
        Assert.Equal(expected, DicomDisplay.ApplyWindow(x, new VoiWindow(40, 400, VoiFunction.Sigmoid)));
    }

    [Fact]
    public void A_width_of_one_is_a_threshold_for_linear()
    {
        var window = new VoiWindow(100, 1, VoiFunction.Linear);

        Assert.Equal(0, DicomDisplay.ApplyWindow(99.5, window));
        Assert.Equal(255, DicomDisplay.ApplyWindow(99.6, window));
    }

    [Fact]
    public void Without_a_window_min_and_max_span_black_to_white_ignoring_padding()
    {
        var image = Grey([-2000, 0, 50, 100], intercept: 0, padding: -2000);

        Assert.Equal([0, 0, 128, 255], DicomDisplay.Grayscale(image, 1, explicitWindow: null).Grey);
    }

    [Fact]
    public void The_files_first_window_is_used_after_rescale_and_an_explicit_window_wins()
    {
        var image = Grey([1024, 1064, 1264], intercept: -1024, windows: [new VoiWindow(40, 400, VoiFunction.Linear), new VoiWindow(500, 2000, VoiFunction.Linear)]);

        Assert.Equal([102, 128, 255], DicomDisplay.Grayscale(image, 1, explicitWindow: null).Grey); // ((0 - 39.5) / 399 + 0.5) * 255 = 102.2
        Assert.Equal([0, 255, 255], DicomDisplay.Grayscale(image, 1, new VoiWindow(20, 1, VoiFunction.Linear)).Grey);
    }

    [Fact]
    public void A_voi_lut_sequence_applies_when_no_window_is_asked_for()
    {
        var voi = new LookupTable(FirstMapped: 0, BitsPerEntry: 8, Data: [0, 51, 255]);
        var image = Grey([0, 1, 2, 7], voi: voi, windows: [new VoiWindow(0, 1, VoiFunction.Linear)]);

        Assert.Equal([0, 51, 255, 255], DicomDisplay.Grayscale(image, 1, explicitWindow: null).Grey);
    }

    [Fact]
    public void Monochrome1_is_inverted_last()
    {
        var image = Grey([0, 50, 100], photometric: "MONOCHROME1");

        Assert.Equal([255, 127, 0], DicomDisplay.Grayscale(image, 1, explicitWindow: null).Grey);
    }

    [Fact]
    public void Ybr_full_converts_to_rgb()
    {
        byte[] pixels = [128, 128, 128, 76, 85, 255, 255, 128, 128];

        DicomDisplay.YbrFullToRgb(pixels);

        Assert.Equal([128, 128, 128], pixels[0..3]);
        Assert.True(pixels[3] >= 253 && pixels[4] <= 2 && pixels[5] <= 2, string.Join(",", pixels[3..6]));
        Assert.Equal([255, 255, 255], pixels[6..9]);
    }

    [Fact]
    public void Planar_configuration_1_is_interleaved()
    {
        var image = Grey([0]) with
        {
            Width = 2,
            SamplesPerPixel = 3,
            BitsAllocated = 8,
            BitsStored = 8,
            Photometric = "RGB",
            PlanarConfiguration = 1,
            Pixels = [1, 2, 10, 20, 100, 200],
        };

        Assert.Equal([1, 10, 100, 2, 20, 200], DicomDisplay.Rgb(image, 1));
    }

    [Theory]
    [InlineData("dicom/MR_truncated.dcm", true)]
    [InlineData("dicom/MR_small.dcm", false)]
    [InlineData("dicom/CT_small.dcm", false)]
    public void Truncated_pixel_data_is_recognized(string file, bool truncated)
    {
        var bytes = Fixture.Bytes(file);
        var declared = file.Contains("CT_small", StringComparison.Ordinal) ? 32768u : 8192u;

        Assert.Equal(truncated, DicomTruncation.IsTruncated(bytes, declared));
    }
}
