using System.Net;
using Helium.Imager.Core.Dicom;
using Helium.Imager.IntegrationTests.Infrastructure;
using ImageMagick;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// Of a multi-frame image only the frame asked for is decoded: the same bytes as a full decode, for
/// native data and for dcmtk's RLE, JPEG lossless and JPEG-LS encodings of the same frames; and the
/// pixel limit then counts one frame, so a clip too large to decode whole still gets its thumbnails.
/// </summary>
public sealed class MultiFrameDicomTests : IAsyncLifetime
{
    private const int Width = 64;
    private const int Height = 48;
    private const int Frames = 5;
    private readonly string _store = Directory.CreateTempSubdirectory("helium-multiframe-").FullName;

    private string Native => Path.Combine(_store, "clips", "native.dcm");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_store, "clips"));
        await File.WriteAllBytesAsync(Native, DicomWriter.MultiFrameGrey(Width, Height, Frames));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_store, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("dcmcrle", "+un")]
    [InlineData("dcmcjpeg", "+el")]
    [InlineData("dcmcjpls", "+el")]
    public async Task One_frame_decodes_to_the_same_bytes_as_all_frames(string? converter, string? option)
    {
        var path = Native;
        if (converter is not null)
        {
            path = Path.Combine(_store, "clips", converter + ".dcm");
            await File.WriteAllBytesAsync(path, await Dcmtk.ConvertAsync(converter, Native, option!));
        }

        var all = DicomDecoder.Decode(path, GdcmRuntime.DefaultGluePath, long.MaxValue);
        Assert.Equal((Frames, 1), (all.Frames, all.FirstFrame));
        foreach (var frame in new[] { 1, 3, 5 })
        {
            var one = DicomDecoder.Decode(path, GdcmRuntime.DefaultGluePath, long.MaxValue, frame);

            Assert.Equal((Frames, frame), (one.Frames, one.FirstFrame));
            Assert.Equal(one.FrameLength, one.Pixels.Length);
            Assert.True(all.Frame(frame).SequenceEqual(one.Frame(frame)), $"frame {frame} differs");
            Assert.Equal((ushort)((((3 + (13 * frame)) % Width) * 10) + 2), BitConverter.ToUInt16(one.Frame(frame).Slice(((2 * Width) + 3) * 2, 2)));
        }
    }

    [Fact]
    public async Task A_clip_over_the_pixel_limit_still_gets_one_frame_thumbnails()
    {
        // Two frames' worth of pixels: the whole clip (five) could not be decoded.
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Store:Root"] = _store,
            ["Cache:Root"] = Path.Combine(_store, ".cache"),
            ["Limits:MaxSourcePixels"] = (Width * Height * 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        using var first = await server.Client.GetAsync("/clips/native.dcm?frame=1&format=png");
        using var last = await server.Client.GetAsync("/clips/native.dcm?frame=5&format=png");
        using var beyond = await server.Client.GetAsync("/clips/native.dcm?frame=6&format=png");
        using var info = await server.Client.GetAsync("/clips/native.dcm?info=true");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        using var firstImage = new MagickImage(await first.Content.ReadAsByteArrayAsync());
        using var lastImage = new MagickImage(await last.Content.ReadAsByteArrayAsync());
        Assert.Equal(((uint)Width, (uint)Height), (lastImage.Width, lastImage.Height));
        Assert.True(firstImage.Compare(lastImage, ErrorMetric.RootMeanSquared) > 0.01, "frames 1 and 5 rendered alike");
        foreach (var (frame, image) in new[] { (1, firstImage), (5, lastImage) })
        {
            // dcmtk's rendering of the same frame with the same (min-max) window.
            using var reference = new MagickImage(await Dcmtk.RenderAsync("dcm2pnm", Native, "+F", frame.ToString(System.Globalization.CultureInfo.InvariantCulture), "+Wm"));
            reference.ColorSpace = ColorSpace.sRGB;
            var difference = image.Compare(reference, ErrorMetric.RootMeanSquared);
            Assert.True(difference < 0.01, $"frame {frame}: RMSE {difference:0.0000} against dcm2pnm");
        }

        await ProblemAssert.IsProblemAsync(beyond, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Contains("\"frames\":5", await info.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
