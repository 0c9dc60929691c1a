using System.Net;
using Helium.Imager.Core.Dicom;
using Helium.Imager.IntegrationTests.Infrastructure;
using ImageMagick;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// JPEG 2000 frames are decoded at the smallest resolution level the output allows (OpenJPEG's
/// reduce), not at full size: the decoder hands back 1/2^n of each side, and what the server makes of
/// it matches a full decode scaled down. Files made here with opj_compress (12-bit, five levels).
/// </summary>
public sealed class Jpeg2000ReducedTests(TransformStore store) : IClassFixture<TransformStore>, IDisposable
{
    private const string Lossy = "1.2.840.10008.1.2.4.91";
    private const string Lossless = "1.2.840.10008.1.2.4.90";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("helium-j2k-test-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>Smooth waves with fine detail on top, 12 bits; frame f shifted sideways by 40 f.</summary>
    private static ushort[] Samples(int width, int height, int frame = 0)
    {
        var samples = new ushort[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var wave = 1500 * Math.Sin((x + (40 * frame)) / 97.0) * Math.Cos(y / 131.0);
                samples[(y * width) + x] = (ushort)Math.Clamp(2048 + wave + ((x * y) % 257), 0, 4095);
            }
        }

        return samples;
    }

    private string Write(byte[] dicom)
    {
        var path = Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.dcm");
        File.WriteAllBytes(path, dicom);
        return path;
    }

    [Theory]
    [InlineData(Lossy, 190, 190, 3)]
    [InlineData(Lossless, 190, 190, 3)]
    [InlineData(Lossy, 600, 0, 1)]
    [InlineData(Lossy, 2048, 0, 0)]
    public void A_frame_is_decoded_at_the_smallest_level_that_still_fills_the_output(string transferSyntax, int width, int height, int expected)
    {
        var samples = Samples(2048, 1536);
        var path = Write(DicomWriter.EncapsulatedGrey(transferSyntax, 2048, 1536, 12, [OpenJpeg.Encode(samples, 2048, 1536, 4095, transferSyntax == Lossy ? 20 : null)]));

        var full = DicomDecoder.Decode(path, GdcmRuntime.DefaultGluePath, long.MaxValue);
        var reduced = DicomDecoder.Decode(path, GdcmRuntime.DefaultGluePath, long.MaxValue, 1, new DecodeSize(width, height, false, 0, 0));

        Assert.Equal((expected, 2048 >> expected, 1536 >> expected), (reduced.Reduction, reduced.Width, reduced.Height));
        Assert.Equal((0, 2048, 1536), (full.Reduction, full.Width, full.Height));

        // Reduced samples are close to the means of the blocks of full-size samples they stand for (a
        // wavelet's low band, not a box filter: the fine detail makes single samples differ more).
        var factor = 1 << expected;
        double error = 0;
        var compared = 0;
        for (var y = 0; y < reduced.Height; y += 7)
        {
            for (var x = 0; x < reduced.Width; x += 7)
            {
                double sum = 0;
                for (var dy = 0; dy < factor; dy++)
                {
                    for (var dx = 0; dx < factor; dx++)
                    {
                        sum += BitConverter.ToUInt16(full.Pixels, (((y * factor) + dy) * 2048 + (x * factor) + dx) * 2);
                    }
                }

                error += Math.Abs((sum / (factor * factor)) - BitConverter.ToUInt16(reduced.Pixels, ((y * reduced.Width) + x) * 2));
                compared++;
            }
        }

        Assert.True(error / compared < 0.01 * 4095, $"reduced samples are {error / compared:0} from their blocks' means on average");
    }

    [Fact]
    public void Of_a_multi_frame_image_the_frame_asked_for_is_the_one_reduced()
    {
        var frames = Enumerable.Range(0, 3).Select(f => OpenJpeg.Encode(Samples(512, 384, f), 512, 384, 4095, 20)).ToList();
        var path = Write(DicomWriter.EncapsulatedGrey(Lossy, 512, 384, 12, frames));

        var second = DicomDecoder.Decode(path, GdcmRuntime.DefaultGluePath, long.MaxValue, 2, new DecodeSize(64, 0, false, 0, 0));
        var fullSecond = DicomDecoder.Decode(path, GdcmRuntime.DefaultGluePath, long.MaxValue, 2);

        Assert.Equal((3, 2, 3, 64, 48), (second.Frames, second.FirstFrame, second.Reduction, second.Width, second.Height));
        var (reducedMean, fullMean) = (Mean(second.Pixels), Mean(fullSecond.Pixels));
        Assert.True(Math.Abs(reducedMean - fullMean) < 20, $"mean {reducedMean:0} against the full frame's {fullMean:0}");

        static double Mean(byte[] pixels) => Enumerable.Range(0, pixels.Length / 2).Average(i => BitConverter.ToUInt16(pixels, 2 * i));
    }

    [Theory]
    [InlineData("thumbnail=190x190", null)]
    [InlineData("w=150&crop=100,200,1200,900", "1200x900+100+200")]
    [InlineData("viewport=300,300,64,64,-1024,768", "1024x768+64+64")]
    public async Task The_rendition_matches_a_full_decode_scaled_down(string query, string? region)
    {
        var dicom = DicomWriter.EncapsulatedGrey(Lossy, 2048, 1536, 12, [OpenJpeg.Encode(Samples(2048, 1536), 2048, 1536, 4095, 20)]);
        var key = $"{Guid.NewGuid():N}-large.dcm";
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, InputStream = new MemoryStream(dicom) });

        // The full-size rendering, with the window the reduced one computes from its own range pinned.
        using var whole = await ImageOfAsync(key, "window=2048,4096&format=png");
        using var ours = await ImageOfAsync(key, query + "&window=2048,4096&format=png");

        using var expected = (MagickImage)whole.Clone();
        if (region is not null)
        {
            expected.Crop(new MagickGeometry(region));
            expected.ResetPage();
        }

        if (query.Contains(",-", StringComparison.Ordinal))
        {
            expected.Flop();
        }

        expected.Resize(ours.Width, ours.Height);
        ours.ColorSpace = ColorSpace.sRGB;
        expected.ColorSpace = ColorSpace.sRGB;
        var difference = ours.Compare(expected, ErrorMetric.RootMeanSquared);
        Assert.True(difference < 0.02, $"RMSE {difference:0.0000} against the full decode scaled to {ours.Width}x{ours.Height}");
    }

    private async Task<MagickImage> ImageOfAsync(string key, string query)
    {
        using var response = await store.Server.Client.GetAsync(store.Url(key, query));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return new MagickImage(body);
    }
}
