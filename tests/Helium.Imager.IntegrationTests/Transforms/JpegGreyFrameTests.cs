using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;
using ImageMagick;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// Grey 8-bit JPEG baseline DICOM (ultrasound and endoscopy clips, secondary captures), a kind no
/// fixture has: a single frame made by dcmtk's img2dcm from a grey JPEG, and a multi-frame object of
/// such JPEGs. Their frames are decoded in the server's own process (no DICOM worker starts for them),
/// shrunk while decoding for thumbnails, and match dcmtk's rendering at full size and at the
/// thumbnail's size; a frame read by range is the same rendition as the object read whole.
/// </summary>
public sealed class JpegGreyFrameTests : IAsyncLifetime
{
    private const string JpegBaseline = "1.2.840.10008.1.2.4.50";
    private const string Window = "window=120,200";
    private static readonly string[] DcmtkWindow = ["+Ww", "120", "200"];

    private readonly FolderStore _store = new("jpeg-grey");
    private string _single = "";
    private string _clip = "";

    public async Task InitializeAsync()
    {
        var bucket = _store.Bucket("scans");
        byte[] Grey(Action<MagickImage> change)
        {
            using var photo = new MagickImage(Fixture.Path("raster/2569067123_aca715a2ee_o.jpg"));
            photo.Resize(new MagickGeometry(1024, 768) { IgnoreAspectRatio = true });
            change(photo);
            photo.ColorType = ColorType.Grayscale;
            photo.Quality = 90;
            photo.Strip();
            return photo.ToByteArray(MagickFormat.Jpeg);
        }

        var upright = Grey(_ => { });
        var jpegPath = Path.Combine(_store.Root, "grey.jpg");
        await File.WriteAllBytesAsync(jpegPath, upright);
        _single = Path.Combine(bucket, "capture.dcm");
        var (code, output) = await ChildProcess.RunAsync(["img2dcm", jpegPath, _single]);
        Assert.True(code == 0, "img2dcm: " + output);

        _clip = Path.Combine(bucket, "clip.dcm");
        await File.WriteAllBytesAsync(_clip, DicomWriter.EncapsulatedGrey(JpegBaseline, 1024, 768, 8, [Grey(p => p.Flop()), upright, Grey(p => p.Flip())]));
    }

    public Task DisposeAsync()
    {
        _store.Delete();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Grey_jpeg_frames_are_decoded_in_the_server_and_match_dcmtk()
    {
        await using var server = await ServerProcess.StartAsync(_store.Settings);

        await MatchesAsync(server, $"capture.dcm?{Window}&format=png", _single, [], 0.01);
        await MatchesAsync(server, $"capture.dcm?w=190&{Window}&format=png", _single, ["+Sxv", "190"], 0.02);
        await MatchesAsync(server, $"clip.dcm?frame=2&{Window}&format=png", _clip, ["+F", "2"], 0.01);
        await MatchesAsync(server, $"clip.dcm?frame=3&w=190&{Window}&format=png", _clip, ["+F", "3", "+Sxv", "190"], 0.02);
        Assert.DoesNotContain(server.ChildCommandLines(), line => line.Contains("dicom-worker", StringComparison.Ordinal));

        // The check above sees a worker when there is one: a JPEG 2000 frame is decoded by GDCM in one.
        _store.Add("scans", "dicom/JPEG2000.dcm");
        using var j2k = await server.Client.GetAsync("/scans/JPEG2000.dcm?w=64");
        Assert.Equal(HttpStatusCode.OK, j2k.StatusCode);
        Assert.Contains(server.ChildCommandLines(), line => line.Contains("dicom-worker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_frame_read_by_range_is_the_rendition_of_the_object_read_whole()
    {
        var settings = _store.Settings;
        settings["Limits:RangedReadAbove"] = "0";
        await using var byRange = await TestServer.StartAsync(settings);
        settings["Cache:Root"] = Path.Combine(_store.Root, ".cache-whole");
        settings["Limits:RangedReadAbove"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var whole = await TestServer.StartAsync(settings);

        foreach (var query in new[] { "frame=2&w=190", "frame=3&w=500&h=300&fit=cover", "frame=1", "frame=2&crop=100,50,600,400&w=120" })
        {
            using var ranged = await byRange.Client.GetAsync($"/scans/clip.dcm?{query}");
            using var read = await whole.Client.GetAsync($"/scans/clip.dcm?{query}");
            Assert.True(ranged.StatusCode == HttpStatusCode.OK, $"{query}: {(int)ranged.StatusCode} {await ranged.Content.ReadAsStringAsync()}");
            Assert.Equal(await read.Content.ReadAsByteArrayAsync(), await ranged.Content.ReadAsByteArrayAsync());
        }
    }

    private static async Task MatchesAsync(ServerProcess server, string pathAndQuery, string file, string[] dcmtkOptions, double tolerance)
    {
        using var ours = await ImageResponses.ImageOf(await server.Client.GetAsync($"/scans/{pathAndQuery}"));
        using var reference = new MagickImage(await Dcmtk.RenderAsync("dcmj2pnm", file, [.. DcmtkWindow, .. dcmtkOptions]));
        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        ours.ColorSpace = ColorSpace.sRGB;
        reference.ColorSpace = ColorSpace.sRGB;
        var difference = ours.Compare(reference, ErrorMetric.RootMeanSquared);
        Assert.True(difference < tolerance, $"{pathAndQuery}: RMSE {difference:0.0000} against dcmj2pnm");
    }
}
