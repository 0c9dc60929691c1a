using System.Net;
using Helium.Imager.IntegrationTests.Infrastructure;
using ImageMagick;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>DICOM sources over HTTP against radosgw: every fixture, compared with dcmtk where dcmtk
/// can read the file, with the same window.</summary>
public sealed class DicomTransformTests(TransformStore store) : IClassFixture<TransformStore>
{
    private HttpClient Client => store.Server.Client;

    private async Task<MagickImage> RenderAsync(string file, string query)
    {
        using var response = await Client.GetAsync(store.Url(file, query));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}?{query}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return new MagickImage(body);
    }

    private static double Difference(MagickImage ours, MagickImage reference)
    {
        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        ours.ColorSpace = ColorSpace.sRGB;
        reference.ColorSpace = ColorSpace.sRGB;
        return ours.Compare(reference, ErrorMetric.RootMeanSquared);
    }

    [Theory]
    [InlineData("dicom/CT_small.dcm", 128, 128)]
    [InlineData("dicom/ExplVR_BigEnd.dcm", 80, 60)]
    [InlineData("dicom/JPEG-lossy.dcm", 256, 1024)]
    [InlineData("dicom/JPEG2000.dcm", 256, 1024)]
    [InlineData("dicom/MR_small.dcm", 64, 64)]
    [InlineData("dicom/MR_small_RLE.dcm", 64, 64)]
    [InlineData("dicom/MR_small_bigendian.dcm", 64, 64)]
    [InlineData("dicom/MR_small_implicit.dcm", 64, 64)]
    [InlineData("dicom/MR_small_jp2klossless.dcm", 64, 64)]
    [InlineData("dicom/MR_small_jpeg_ls_lossless.dcm", 64, 64)]
    [InlineData("dicom/SC_rgb_jpeg_dcmtk.dcm", 100, 100)]
    [InlineData("dicom/SC_rgb_rle.dcm", 100, 100)]
    [InlineData("dicom/SC_rgb_rle_2frame.dcm", 100, 100)]
    [InlineData("dicom/SC_rgb_small_odd.dcm", 3, 3)]
    [InlineData("dicom/SC_ybr_full_422_uncompressed.dcm", 100, 100)]
    public async Task Every_dicom_fixture_renders_at_its_size_and_as_a_thumbnail(string file, int width, int height)
    {
        using var full = await RenderAsync(file, "format=png");
        using var thumbnail = await RenderAsync(file, "thumbnail=32x32");

        Assert.Equal((width, height), ((int)full.Width, (int)full.Height));
        Assert.Equal(Math.Min(32, Math.Max(width, height)), (int)Math.Max(thumbnail.Width, thumbnail.Height));
        Assert.True(full.Statistics().GetChannel(PixelChannel.Red)!.StandardDeviation > 1, "the rendering is flat");
    }

    // Grey-scale: the same window on both sides; the file's first window (600/1600) for the MR series.
    [Theory]
    [InlineData("dicom/CT_small.dcm", "dcm2pnm", "window=40,400", "+Ww|40|400")]
    [InlineData("dicom/CT_small.dcm", "dcm2pnm", "window=300,1500", "+Ww|300|1500")]
    [InlineData("dicom/MR_small.dcm", "dcm2pnm", "format=png", "+Wi|1")]
    [InlineData("dicom/MR_small_implicit.dcm", "dcm2pnm", "format=png", "+Wi|1")]
    [InlineData("dicom/MR_small_bigendian.dcm", "dcm2pnm", "format=png", "+Wi|1")]
    [InlineData("dicom/MR_small_RLE.dcm", "dcmj2pnm", "format=png", "+Wi|1")]
    [InlineData("dicom/MR_small_jpeg_ls_lossless.dcm", "dcml2pnm", "format=png", "+Wi|1")]
    [InlineData("dicom/MR_small.dcm", "dcm2pnm", "window=1000,800", "+Ww|1000|800")]
    [InlineData("dicom/JPEG-lossy.dcm", "dcmj2pnm", "window=150,300", "+Ww|150|300")]
    public async Task Grey_scale_matches_dcmtk_with_the_same_window(string file, string tool, string query, string dcmtkOptions)
    {
        using var ours = await RenderAsync(file, query.Contains("format=", StringComparison.Ordinal) ? query : query + "&format=png");
        using var reference = new MagickImage(await Dcmtk.RenderAsync(tool, file, dcmtkOptions.Split('|')));

        var difference = Difference(ours, reference);
        Assert.True(difference < 0.01, $"RMSE {difference:0.0000} against {tool}");
    }

    [Theory]
    [InlineData("dcmconv", "+td")]   // Deflated Explicit VR Little Endian
    [InlineData("dcmcjpeg", "+el")]  // JPEG Lossless, process 14
    [InlineData("dcmcrle", "+un")]   // RLE, written by dcmtk rather than by pydicom
    public async Task Transfer_syntaxes_no_fixture_has_render_like_the_original(string converter, string option)
    {
        var key = $"mr-{converter}.dcm";
        var converted = await Dcmtk.ConvertAsync(converter, "dicom/MR_small.dcm", option);
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, InputStream = new MemoryStream(converted) });

        using var ours = await RenderAsync(key, "format=png");
        using var reference = new MagickImage(await Dcmtk.RenderAsync("dcm2pnm", "dicom/MR_small.dcm", "+Wi", "1"));

        Assert.True(Difference(ours, reference) < 0.01);
    }

    [Theory]
    [InlineData("format=png", "")]
    [InlineData("thumbnail=190x190&format=png", "+Syv 152")] // 190 x 152 (dcmtk rounds the other side down)
    [InlineData("w=400&format=png", "+Sxv 400")]             // 400 x 319
    public async Task A_large_radiograph_through_its_modality_lut_matches_dcmtk_at_the_same_size(string query, string dcmtkScale)
    {
        // 1976 x 1576, 12 bits in 16, a Modality LUT Sequence: a thumbnail runs the LUT chain on the
        // frame made smaller by whole blocks first; dcmtk runs it on every pixel and then scales.
        var path = Path.Combine(Path.GetTempPath(), $"helium-cr-{Guid.NewGuid():N}.dcm");
        await File.WriteAllBytesAsync(path, DicomWriter.RadiographWithModalityLut(1976, 1576));
        try
        {
            var key = $"cr-{Guid.NewGuid():N}.dcm";
            await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, FilePath = path });
            using var ours = await RenderAsync(key, query);
            var scale = dcmtkScale.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            using var reference = new MagickImage(await Dcmtk.RenderAsync("dcm2pnm", path, ["+Wi", "1", .. scale]));

            var difference = Difference(ours, reference);
            Assert.True(difference < 0.02, $"RMSE {difference:0.0000} against dcm2pnm");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Lossless_jpeg_2000_renders_like_the_uncompressed_original_in_dcmtk()
    {
        // dcmtk (free edition) has no JPEG 2000 codec; the lossless file holds MR_small's pixels.
        using var ours = await RenderAsync("dicom/MR_small_jp2klossless.dcm", "format=png");
        using var reference = new MagickImage(await Dcmtk.RenderAsync("dcm2pnm", "dicom/MR_small.dcm", "+Wi", "1"));

        Assert.True(Difference(ours, reference) < 0.01);
    }

    [Fact]
    public async Task Lossy_jpeg_2000_renders_like_openjpeg_decodes_it()
    {
        // OpenJPEG's decoding of the codestream, windowed over its whole range with DICOM's linear
        // function (PS3.3 C.11.2.1.2.1) by this test; the server given the same window.
        var samples = OpenJpeg.DecodeFirstFrame(Fixture.Bytes("dicom/JPEG2000.dcm"));
        double low = samples.Min(), high = samples.Max();
        double center = (low + high) / 2, width = high - low;
        var rgb = samples.SelectMany(x => Enumerable.Repeat((byte)Math.Clamp(Math.Round((((x - (center - 0.5)) / (width - 1)) + 0.5) * 255), 0, 255), 3)).ToArray();
        using var reference = new MagickImage();
        reference.ReadPixels(rgb, new PixelReadSettings(256, 1024, StorageType.Char, PixelMapping.RGB));

        var window = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{center},{width}");
        using var ours = await RenderAsync("dicom/JPEG2000.dcm", $"window={window}&format=png");

        var difference = Difference(ours, reference);
        Assert.True(difference < 0.01, $"RMSE {difference:0.0000} against OpenJPEG's decoding");
    }

    [Theory]
    [InlineData("dicom/ExplVR_BigEnd.dcm", "dcm2pnm")]
    [InlineData("dicom/SC_rgb_rle.dcm", "dcm2pnm")]
    [InlineData("dicom/SC_ybr_full_422_uncompressed.dcm", "dcm2pnm")]
    [InlineData("dicom/SC_rgb_jpeg_dcmtk.dcm", "dcmj2pnm")]
    [InlineData("dicom/SC_rgb_small_odd.dcm", "dcm2pnm")]
    public async Task Colour_matches_dcmtk(string file, string tool)
    {
        using var ours = await RenderAsync(file, "format=png");
        using var reference = new MagickImage(await Dcmtk.RenderAsync(tool, file));

        var difference = Difference(ours, reference);
        Assert.True(difference < 0.02, $"RMSE {difference:0.0000} against {tool}");
    }

    [Theory]
    [InlineData("viewport=100,50,16,32,96,48", 100, 50, false, false)]
    [InlineData("viewport=100,50,16,32,-96,48", 100, 50, true, false)]
    [InlineData("viewport=60,200,16,32,48,-96", 60, 120, false, true)]
    [InlineData("viewport=256,200", 200, 200, false, false)]
    public async Task A_dicomweb_viewport_shows_the_source_region_fitted_and_flipped(string viewport, int width, int height, bool flop, bool flip)
    {
        // PS3.18 8.3.5.1.3: the source region (sx, sy, |sw|, |sh|; the whole image without them) scaled
        // to fit vw x vh, up or down; a negative sw or sh flips that axis. CT_small is 128 x 128.
        using var whole = await RenderAsync("dicom/CT_small.dcm", "format=png");
        using var ours = await RenderAsync("dicom/CT_small.dcm", viewport + "&format=png");

        using var expected = (MagickImage)whole.Clone();
        var numbers = viewport["viewport=".Length..].Split(',').Select(int.Parse).ToArray();
        if (numbers.Length == 6)
        {
            expected.Crop(new MagickGeometry(numbers[2], numbers[3], (uint)Math.Abs(numbers[4]), (uint)Math.Abs(numbers[5])));
            expected.ResetPage();
        }

        if (flop)
        {
            expected.Flop();
        }

        if (flip)
        {
            expected.Flip();
        }

        expected.Resize((uint)width, (uint)height);
        var difference = Difference(ours, expected);
        Assert.True(difference < 0.03, $"RMSE {difference:0.0000} against the region cut, flipped and scaled here");
    }

    [Fact]
    public async Task Frames_are_chosen_with_frame_and_refused_beyond_the_last()
    {
        using var second = await RenderAsync("dicom/SC_rgb_rle_2frame.dcm", "format=png&frame=2");
        using var reference = new MagickImage(await Dcmtk.RenderAsync("dcm2pnm", "dicom/SC_rgb_rle_2frame.dcm", "+F", "2"));
        using var third = await Client.GetAsync(store.Url("dicom/SC_rgb_rle_2frame.dcm", "frame=3"));

        Assert.True(Difference(second, reference) < 0.02);
        await ProblemAssert.IsProblemAsync(third, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Contains("(2)", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Palette_color_is_looked_up_into_rgb()
    {
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = "palette.dcm", InputStream = new MemoryStream(DicomWriter.PaletteColor2x2()) });

        using var image = await RenderAsync("palette.dcm", "format=png");

        using var pixels = image.GetPixels();
        var colours = Enumerable.Range(0, 4).Select(i => pixels.GetPixel(i % 2, i / 2).ToColor()!).Select(c => (c.R, c.G, c.B)).ToArray();
        Assert.Equal([(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)], colours.Select(c => ((int)c.R, (int)c.G, (int)c.B)));
    }

    [Fact]
    public async Task A_truncated_file_is_422()
    {
        using var response = await Client.GetAsync(store.Url("dicom/MR_truncated.dcm", "w=64"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "unprocessable-source");
    }

    [Theory]
    [InlineData("raster/Landscape_1.jpg", "window=40,400", "window:")]
    [InlineData("pdf/minimal-document.pdf", "frame=2", "frame:")]
    [InlineData("dicom/CT_small.dcm", "page=2", "page:")]
    [InlineData("dicom/SC_rgb_rle.dcm", "window=40,400", "window:")]
    public async Task Kind_specific_parameters_are_400_on_other_sources(string file, string query, string named)
    {
        using var response = await Client.GetAsync(store.Url(file, query));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>What CT_small.dcm says about its patient and study: name, id, institution, UIDs.</summary>
    private static readonly string[] Identifying = ["CompressedSamples", "1CT1", "JFK IMAGING", "1.3.6.1.4.1.5962"];

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    [InlineData("avif")]
    [InlineData("gif")]
    public async Task Responses_carry_no_patient_data(string format)
    {
        using var response = await Client.GetAsync(store.Url("dicom/CT_small.dcm", $"w=64&format={format}"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}")));

        // Every byte of the body (text chunks, EXIF, XMP and comments included, as ASCII, Latin-1 or
        // UTF-16), and every attribute and profile a decoder finds in it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = new MagickImage(bytes);
        var metadata = string.Join("\n", image.AttributeNames.Select(name => $"{name}={image.GetAttribute(name)}"))
            + string.Join("\n", image.ProfileNames.Select(name => System.Text.Encoding.Latin1.GetString(image.GetProfile(name)?.ToByteArray() ?? [])));
        var body = System.Text.Encoding.Latin1.GetString(bytes) + System.Text.Encoding.Unicode.GetString(bytes);
        foreach (var identifying in Identifying)
        {
            Assert.DoesNotContain(identifying, headers, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(identifying, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(identifying, metadata, StringComparison.OrdinalIgnoreCase);
        }
    }
}

/// <summary>?info=true: what the source is, as JSON, cached like a rendition.</summary>
public sealed class SourceInfoTests(TransformStore store) : IClassFixture<TransformStore>
{
    private async Task<System.Text.Json.JsonElement> InfoAsync(string file)
    {
        using var response = await store.Server.Client.GetAsync(store.Url(file, "info=true"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        foreach (var identifying in new[] { "CompressedSamples", "1CT1", "4MR1", "ABCD1234", "JFK IMAGING", "1.3.6.1.4.1.5962" })
        {
            Assert.DoesNotContain(identifying, body, StringComparison.OrdinalIgnoreCase);
        }

        return System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Dicom_info_gives_the_technical_attributes_only()
    {
        var ct = await InfoAsync("dicom/CT_small.dcm");
        var mr = await InfoAsync("dicom/MR_small_jpeg_ls_lossless.dcm");

        Assert.Equal("dicom", ct.GetProperty("type").GetString());
        Assert.Equal(128, ct.GetProperty("width").GetInt32());
        Assert.Equal(1, ct.GetProperty("frames").GetInt32());
        var dicom = ct.GetProperty("dicom");
        Assert.Equal("1.2.840.10008.1.2.1", dicom.GetProperty("transferSyntax").GetString());
        Assert.Equal("MONOCHROME2", dicom.GetProperty("photometricInterpretation").GetString());
        Assert.Equal(16, dicom.GetProperty("bitsStored").GetInt32());
        Assert.Equal(-1024, dicom.GetProperty("rescaleIntercept").GetDouble());
        Assert.Equal(0, dicom.GetProperty("windows").GetArrayLength());
        var window = mr.GetProperty("dicom").GetProperty("windows")[0];
        Assert.Equal((600, 1600), (window.GetProperty("center").GetDouble(), window.GetProperty("width").GetDouble()));
        Assert.Equal("1.2.840.10008.1.2.4.80", mr.GetProperty("dicom").GetProperty("transferSyntax").GetString());
        Assert.Equal(2, (await InfoAsync("dicom/SC_rgb_rle_2frame.dcm")).GetProperty("frames").GetInt32());
    }

    [Fact]
    public async Task Pdf_info_gives_pages_and_the_first_page_size_in_points()
    {
        var pdf = await InfoAsync("pdf/pdflatex-4-pages.pdf");

        Assert.Equal("pdf", pdf.GetProperty("type").GetString());
        Assert.Equal(4, pdf.GetProperty("pages").GetInt32());
        Assert.Equal((595, 842), (pdf.GetProperty("width").GetInt32(), pdf.GetProperty("height").GetInt32()));
    }

    [Theory]
    [InlineData("raster/Landscape_6.jpg", "jpeg", 600, 450, 1)]
    [InlineData("raster/animated-loop-3.gif", "gif", 370, 285, 10)] // its logical screen and image descriptors
    public async Task Image_info_gives_the_upright_size_and_frames(string file, string type, int width, int height, int frames)
    {
        var info = await InfoAsync(file);

        Assert.Equal(type, info.GetProperty("type").GetString());
        Assert.Equal((width, height, frames), (info.GetProperty("width").GetInt32(), info.GetProperty("height").GetInt32(), info.GetProperty("frames").GetInt32()));
    }

    [Fact]
    public async Task Info_is_cached_and_refuses_to_be_combined()
    {
        using var first = await store.Server.Client.GetAsync(store.Url("dicom/MR_small.dcm", "info=true"));
        using var second = await store.Server.Client.GetAsync(store.Url("dicom/MR_small.dcm", "info=1"));
        using var combined = await store.Server.Client.GetAsync(store.Url("dicom/MR_small.dcm", "info=true&w=10"));

        Assert.Equal("hit", ImageResponses.CacheOutcome(second));
        await ProblemAssert.IsProblemAsync(combined, HttpStatusCode.BadRequest, "invalid-query");
    }
}
