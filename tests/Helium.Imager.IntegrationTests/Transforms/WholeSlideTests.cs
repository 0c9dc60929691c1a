using System.Net;
using System.Text.Json;
using Helium.Imager.IntegrationTests.Infrastructure;
using ImageMagick;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>A VL Whole Slide Microscopy image whose frames are the JPEG tiles of one plane (TILED_FULL):
/// without <c>frame</c> the plane assembled and scaled, against a mosaic this test lays out from dcmtk's
/// rendering of each tile; with <c>frame</c> one tile. Read by range, a region reads only the tiles
/// under it, and renders as the whole object's read does.</summary>
public sealed class WholeSlideTests(TransformStore store) : IClassFixture<TransformStore>, IAsyncLifetime
{
    private const int TileWidth = 64;
    private const int TileHeight = 48;
    private const int PlaneWidth = 300;
    private const int PlaneHeight = 200;
    private const int Columns = 5; // 320 wide, the last column cut to 44
    private const int Rows = 5;    // 240 high, the last row cut to 8

    private readonly string _jpeg = Path.Combine(Path.GetTempPath(), $"helium-slide-{Guid.NewGuid():N}.dcm");
    private string _key = "";

    public async Task InitializeAsync()
    {
        var native = Path.Combine(Path.GetTempPath(), $"helium-slide-native-{Guid.NewGuid():N}.dcm");
        await File.WriteAllBytesAsync(native, DicomWriter.Rgb(TileWidth, TileHeight, Columns * Rows, 8, (PlaneWidth, PlaneHeight)));
        try
        {
            await File.WriteAllBytesAsync(_jpeg, await Dcmtk.ConvertAsync("dcmcjpeg", native, "+eb", "+s2"));
        }
        finally
        {
            File.Delete(native);
        }

        _key = $"slide-{Guid.NewGuid():N}.dcm";
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = _key, FilePath = _jpeg });
    }

    public Task DisposeAsync()
    {
        File.Delete(_jpeg);
        return Task.CompletedTask;
    }

    /// <summary>dcmtk's rendering of every tile, laid out row by row and cut to the plane.</summary>
    private async Task<MagickImage> MosaicAsync()
    {
        var mosaic = new MagickImage();
        mosaic.ReadPixels(new byte[Columns * TileWidth * Rows * TileHeight * 3], new PixelReadSettings(Columns * TileWidth, Rows * TileHeight, StorageType.Char, PixelMapping.RGB));
        for (var frame = 0; frame < Columns * Rows; frame++)
        {
            using var tile = new MagickImage(await Dcmtk.RenderAsync("dcmj2pnm", _jpeg, "+F", (frame + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            mosaic.Composite(tile, frame % Columns * TileWidth, frame / Columns * TileHeight, CompositeOperator.Over);
        }

        mosaic.Crop(new MagickGeometry(0, 0, PlaneWidth, PlaneHeight));
        mosaic.ResetPage();
        return mosaic;
    }

    private async Task<MagickImage> RenderAsync(string query)
    {
        using var response = await store.Server.Client.GetAsync(store.Url(_key, query));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return new MagickImage(body);
    }

    [Theory]
    [InlineData("format=png", PlaneWidth, PlaneHeight)]         // every tile at full size
    [InlineData("thumbnail=150x150&format=png", 150, 100)]     // tiles decoded at 1/2
    [InlineData("w=40&format=png", 40, 27)]                    // at 1/4 (tiles 16 x 12)
    public async Task Without_a_frame_the_plane_is_assembled_from_its_tiles(string query, int width, int height)
    {
        using var ours = await RenderAsync(query);
        using var expected = await MosaicAsync();

        Assert.Equal((width, height), ((int)ours.Width, (int)ours.Height));
        expected.Resize((uint)width, (uint)height);
        ours.ColorSpace = ColorSpace.sRGB;
        var difference = ours.Compare(expected, ErrorMetric.RootMeanSquared);
        Assert.True(difference < 0.03, $"RMSE {difference:0.0000} against the mosaic of dcmj2pnm's tiles");
    }

    [Fact]
    public async Task A_region_of_a_slide_read_by_range_reads_only_the_tiles_under_it()
    {
        // 2400 x 1600 in 512 x 384 tiles (5 x 5), with dcmcjpeg's Basic Offset Table.
        var native = Path.Combine(Path.GetTempPath(), $"helium-slide-native-{Guid.NewGuid():N}.dcm");
        await File.WriteAllBytesAsync(native, DicomWriter.Rgb(512, 384, 25, 8, (2400, 1600)));
        byte[] slide;
        try
        {
            slide = await Dcmtk.ConvertAsync("dcmcjpeg", native, "+eb", "+s2");
        }
        finally
        {
            File.Delete(native);
        }

        var key = $"large-slide-{Guid.NewGuid():N}.dcm";
        await store.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = store.Bucket, Key = key, InputStream = new MemoryStream(slide) });
        var (tight, loose) = (Radosgw.UniqueBucket("slide-tight"), Radosgw.UniqueBucket("slide-loose"));
        await Radosgw.CreateBucketAsync(store.S3, tight);
        await Radosgw.CreateBucketAsync(store.S3, loose);

        // Too little allowed to read the whole object: a region of four tiles must be read by itself.
        await using var byRange = await store.StartServerAsync(("Cache:Bucket", tight), ("Limits:RangedReadAbove", "0"), ("Limits:MaxSourceBytes", (slide.Length / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var plane = await store.StartServerAsync(("Cache:Bucket", loose), ("Limits:RangedReadAbove", "0"));
        foreach (var (server, query) in new[] { (byRange, "crop=600,500,700,500&w=200"), (byRange, "crop=0,0,512,384&format=png"), (byRange, "crop=2000,1500,400,100"), (plane, "w=300") })
        {
            using var ranged = await server.Client.GetAsync(store.Url(key, query));
            Assert.True(ranged.StatusCode == HttpStatusCode.OK, $"{query}: {(int)ranged.StatusCode} {await ranged.Content.ReadAsStringAsync()}");
            using var whole = await store.Server.Client.GetAsync(store.Url(key, query));
            Assert.Equal(await whole.Content.ReadAsByteArrayAsync(), await ranged.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_frame_is_one_tile_and_info_gives_the_whole_plane()
    {
        using var tile = await RenderAsync("frame=7&format=png");
        using var info = await store.Server.Client.GetAsync(store.Url(_key, "info=true"));

        Assert.Equal((TileWidth, TileHeight), ((int)tile.Width, (int)tile.Height));
        using var json = JsonDocument.Parse(await info.Content.ReadAsStringAsync());
        Assert.Equal([PlaneWidth, PlaneHeight], json.RootElement.GetProperty("dicom").GetProperty("totalPixelMatrix").EnumerateArray().Select(v => v.GetInt32()));
    }
}
