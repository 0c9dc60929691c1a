using Amazon.S3.Model;
using Helium.Imager.Diagnostics;
using Helium.Imager.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>A private source bucket holding the raster fixtures and a cache bucket of its own, in
/// radosgw, with a server in front of them.</summary>
public sealed class TransformStore : IAsyncLifetime
{
    public static readonly string[] Files =
    [
        "raster/2569067123_aca715a2ee_o.jpg",
        "raster/Landscape_1.jpg",
        "raster/Landscape_3.jpg",
        "raster/Landscape_6.jpg",
        "raster/Landscape_8.jpg",
        "raster/Portrait_5.jpg",
        "raster/Channel_digital_image_CMYK_color.jpg",
        "raster/16-bit-grey-alpha.png",
        "raster/Flag_of_the_Netherlands-alpha.png",
        "raster/animated-loop-3.gif",
        "raster/4.webp",
        "raster/pitm.avif",
        "raster/G31D.TIF",
        "raster/check.svg",
        "raster/corrupt-header.jpg",
        "raster/truncated.jpg",
        "raster/truncated.png",
        "pdf/minimal-document.pdf",
        "pdf/grayscale-image.pdf",
        "pdf/habibi-rotated.pdf",
        "pdf/libreoffice-writer-password.pdf",
        "pdf/pdflatex-4-pages.pdf",
        "pdf/pdflatex-image.pdf",
        "dicom/CT_small.dcm",
        "dicom/ExplVR_BigEnd.dcm",
        "dicom/JPEG-lossy.dcm",
        "dicom/JPEG2000.dcm",
        "dicom/MR_small.dcm",
        "dicom/MR_small_RLE.dcm",
        "dicom/MR_small_bigendian.dcm",
        "dicom/MR_small_implicit.dcm",
        "dicom/MR_small_jp2klossless.dcm",
        "dicom/MR_small_jpeg_ls_lossless.dcm",
        "dicom/MR_truncated.dcm",
        "dicom/SC_rgb_jpeg_dcmtk.dcm",
        "dicom/SC_rgb_rle.dcm",
        "dicom/SC_rgb_rle_2frame.dcm",
        "dicom/SC_rgb_small_odd.dcm",
        "dicom/SC_ybr_full_422_uncompressed.dcm",
    ];

    public Amazon.S3.AmazonS3Client S3 { get; } = Radosgw.CreateClient();

    public string Bucket { get; } = Radosgw.UniqueBucket("src");

    public string CacheBucket { get; } = Radosgw.UniqueBucket("cache");

    public TestServer Server { get; private set; } = null!;

    public HeliumMetrics Counters => Server.Services.GetRequiredService<HeliumMetrics>();

    public async Task InitializeAsync()
    {
        await Radosgw.CreateBucketAsync(S3, Bucket);
        await Radosgw.CreateBucketAsync(S3, CacheBucket);
        await Task.WhenAll(Files.Select(file => S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = file, FilePath = Fixture.Path(file) })));
        Server = await StartServerAsync();
    }

    /// <summary>Another server on the same buckets, with some settings changed.</summary>
    public Task<TestServer> StartServerAsync(params (string Key, string Value)[] overrides)
    {
        var settings = Radosgw.ServerSettings(Bucket);
        settings["Cache:Bucket"] = CacheBucket;
        settings["Presets:card"] = "w=120&h=80&fit=cover&format=webp";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return TestServer.StartAsync(settings);
    }

    public string Url(string file, string query) => $"{StoreUnderTest.PathOf(Bucket, file)}?{query}";

    public async Task<List<string>> CachedKeysAsync()
    {
        var listing = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = CacheBucket });
        return (listing.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        S3.Dispose();
    }
}
