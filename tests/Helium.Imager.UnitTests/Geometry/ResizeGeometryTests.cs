using Helium.Imager.Core.Geometry;

namespace Helium.Imager.UnitTests.Geometry;

public sealed class ResizeGeometryTests
{
    private const int Max = 4096;

    private static ResizeGeometry Compute(int sw, int sh, TransformPlan plan) => ResizeGeometry.Compute(sw, sh, plan, Max);

    private static TransformPlan Box(int w, int h, Fit fit, bool enlarge = false) => new() { Width = w, Height = h, Fit = fit, Enlarge = enlarge };

    // Landscape 400x300 and portrait 300x400 into a 200x200 box.
    [Theory]
    [InlineData(400, 300, Fit.Inside, 200, 150)]
    [InlineData(300, 400, Fit.Inside, 150, 200)]
    [InlineData(400, 300, Fit.Outside, 267, 200)]
    [InlineData(300, 400, Fit.Outside, 200, 267)]
    [InlineData(400, 300, Fit.Fill, 200, 200)]
    [InlineData(300, 400, Fit.Fill, 200, 200)]
    [InlineData(400, 300, Fit.Contain, 200, 200)]
    [InlineData(300, 400, Fit.Contain, 200, 200)]
    [InlineData(400, 300, Fit.Cover, 200, 200)]
    [InlineData(300, 400, Fit.Cover, 200, 200)]
    public void Every_fit_gives_its_output_size(int sw, int sh, Fit fit, int outWidth, int outHeight)
    {
        var geometry = Compute(sw, sh, Box(200, 200, fit));

        Assert.Equal((outWidth, outHeight), (geometry.CanvasWidth, geometry.CanvasHeight));
    }

    [Fact]
    public void Contain_fits_inside_then_pads_around_the_gravity()
    {
        var centered = Compute(400, 300, Box(200, 200, Fit.Contain));
        var top = Compute(400, 300, Box(200, 200, Fit.Contain) with { Gravity = new Gravity(0.5, 0) });
        var portraitEast = Compute(300, 400, Box(200, 200, Fit.Contain) with { Gravity = new Gravity(1, 0.5) });

        Assert.Equal(new ResizeGeometry(200, 150, null, 200, 200, 0, 25), centered);
        Assert.True(centered.Pads);
        Assert.Equal(0, top.OffsetY);
        Assert.Equal(new ResizeGeometry(150, 200, null, 200, 200, 50, 0), portraitEast);
    }

    [Fact]
    public void Cover_resizes_to_fill_then_crops_the_overflow_around_the_gravity()
    {
        Assert.Equal(new ResizeGeometry(267, 200, new PixelRect(34, 0, 200, 200), 200, 200, 0, 0), Compute(400, 300, Box(200, 200, Fit.Cover)));
        Assert.Equal(new PixelRect(0, 0, 200, 200), Compute(400, 300, Box(200, 200, Fit.Cover) with { Gravity = new Gravity(0, 0.5) }).CropAfterResize);
        Assert.Equal(new PixelRect(67, 0, 200, 200), Compute(400, 300, Box(200, 200, Fit.Cover) with { Gravity = new Gravity(1, 0.5) }).CropAfterResize);
        Assert.Equal(new PixelRect(0, 67, 200, 200), Compute(300, 400, Box(200, 200, Fit.Cover) with { Gravity = new Gravity(0.5, 1) }).CropAfterResize);
        Assert.Equal(new PixelRect(0, 0, 200, 200), Compute(300, 400, Box(200, 200, Fit.Cover) with { Gravity = new Gravity(0.5, 0) }).CropAfterResize);
    }

    [Fact]
    public void A_focal_point_centres_the_crop_as_far_as_the_edges_allow()
    {
        // 1000x500 → cover 100x100: resized to 200x100; focal x=0.3 → centre at 60 → window 10..110.
        Assert.Equal(new PixelRect(10, 0, 100, 100), Compute(1000, 500, Box(100, 100, Fit.Cover) with { Gravity = new Gravity(0.3, 0.5) }).CropAfterResize);
        Assert.Equal(new PixelRect(0, 0, 100, 100), Compute(1000, 500, Box(100, 100, Fit.Cover) with { Gravity = new Gravity(0.1, 0.5) }).CropAfterResize);
        Assert.Equal(new PixelRect(100, 0, 100, 100), Compute(1000, 500, Box(100, 100, Fit.Cover) with { Gravity = new Gravity(0.95, 0.5) }).CropAfterResize);
    }

    [Theory]
    [InlineData(Fit.Inside)]
    [InlineData(Fit.Outside)]
    public void Small_sources_are_not_enlarged_unless_asked(Fit fit)
    {
        Assert.Equal((100, 50), Size(Compute(100, 50, Box(400, 400, fit))));
        Assert.Equal((400, 200), Size(Compute(100, 50, Box(400, 400, Fit.Inside, enlarge: true))));
        Assert.Equal((800, 400), Size(Compute(100, 50, Box(400, 400, Fit.Outside, enlarge: true))));
    }

    [Fact]
    public void Cover_without_enlarging_keeps_source_pixels_and_the_box_aspect()
    {
        var geometry = Compute(100, 50, Box(400, 200, Fit.Cover));
        var square = Compute(100, 50, Box(400, 400, Fit.Cover));

        Assert.Equal((100, 50), (geometry.CanvasWidth, geometry.CanvasHeight));
        Assert.Equal(new PixelRect(25, 0, 50, 50), square.CropAfterResize);
        var enlarged = Compute(100, 50, Box(400, 400, Fit.Cover, enlarge: true));
        Assert.Equal((400, 400), (enlarged.CanvasWidth, enlarged.CanvasHeight));
    }

    [Fact]
    public void Contain_never_enlarges_the_image_but_still_pads_to_the_box()
    {
        Assert.Equal(new ResizeGeometry(100, 50, null, 400, 400, 150, 175), Compute(100, 50, Box(400, 400, Fit.Contain)));
    }

    [Theory]
    [InlineData(400, 300, 200, null, 200, 150)]
    [InlineData(400, 300, null, 150, 200, 150)]
    [InlineData(300, 400, 150, null, 150, 200)]
    [InlineData(300, 400, 1000, null, 300, 400)]
    public void One_side_keeps_the_aspect_ratio(int sw, int sh, int? w, int? h, int outWidth, int outHeight)
    {
        Assert.Equal((outWidth, outHeight), Size(Compute(sw, sh, new TransformPlan { Width = w, Height = h, Fit = Fit.Cover })));
    }

    [Fact]
    public void Without_a_size_huge_sources_shrink_to_the_output_limit()
    {
        Assert.Equal((4096, 2048), Size(Compute(10000, 5000, new TransformPlan())));
        Assert.Equal((640, 480), Size(Compute(640, 480, new TransformPlan())));
    }

    [Fact]
    public void Dimensions_never_reach_zero()
    {
        Assert.Equal((200, 1), Size(Compute(10000, 10, new TransformPlan { Width = 200 })));
    }

    private static (int, int) Size(ResizeGeometry geometry) => (geometry.CanvasWidth, geometry.CanvasHeight);
}
