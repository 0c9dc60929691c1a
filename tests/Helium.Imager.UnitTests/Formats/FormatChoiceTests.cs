using Helium.Imager.Core.Formats;

namespace Helium.Imager.UnitTests.Formats;

public sealed class FormatChoiceTests
{
    private const string Chrome = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
    private const string OldSafari = "image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5";
    private const string Legacy = "image/png,image/*;q=0.8,*/*;q=0.5";

    [Theory]
    [InlineData(Chrome, ImageFormat.Avif)]
    [InlineData(OldSafari, ImageFormat.WebP)]
    [InlineData("image/avif;q=0,image/webp", ImageFormat.WebP)]
    [InlineData(Legacy, null)]
    [InlineData(null, null)]
    public void Auto_takes_the_best_format_the_client_accepts(string? accept, ImageFormat? expected)
    {
        var choice = FormatChoice.For(RequestedFormat.Auto, RasterFormats.Jpeg, accept);

        Assert.Equal(expected, choice.Fixed);
        Assert.True(choice.VariesWithAccept);
    }

    [Theory]
    [InlineData("jpeg", ImageFormat.Jpeg)]
    [InlineData("png", ImageFormat.Png)]
    [InlineData("gif", ImageFormat.Gif)]
    [InlineData("webp", ImageFormat.WebP)]
    [InlineData("avif", ImageFormat.Avif)]
    [InlineData("tiff", null)]
    [InlineData("heic", null)]
    public void Without_a_format_web_sources_keep_theirs(string source, ImageFormat? expected)
    {
        var choice = FormatChoice.For(RequestedFormat.Source, RasterFormats.All.Single(f => f.Name == source), Chrome);

        Assert.Equal(expected, choice.Fixed);
        Assert.False(choice.VariesWithAccept);
    }

    [Fact]
    public void An_open_choice_is_png_with_alpha_and_jpeg_without()
    {
        var open = FormatChoice.For(RequestedFormat.Source, RasterFormats.Tiff, null);

        Assert.Equal(ImageFormat.Png, open.Resolve(hasAlpha: true));
        Assert.Equal(ImageFormat.Jpeg, open.Resolve(hasAlpha: false));
        Assert.Equal("jpeg-or-png", open.Token);
        Assert.Equal("webp", FormatChoice.For(RequestedFormat.WebP, RasterFormats.Tiff, null).Token);
    }
}
