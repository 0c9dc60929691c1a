namespace Helium.Imager.UnitTests.Transforms;

public sealed class TransformParserTests
{
    private static readonly TransformParser Parser = new(4096, new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>
    {
        ["card"] = Query("w=300&h=200&fit=cover&format=webp"),
        ["small"] = Query("thumbnail=100x100"),
    });

    private static List<KeyValuePair<string, string>> Query(string query) =>
        query.Length == 0 ? [] : query.Split('&').Select(pair => pair.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")).ToList();

    private static TransformPlan Parse(string query) => Parser.Parse(Query(query));

    private static InvalidTransformException Rejects(string query) => Assert.Throws<InvalidTransformException>(() => Parse(query));

    [Fact]
    public void Thumbnail_is_a_box_to_fit_inside_without_enlarging()
    {
        var plan = Parse("thumbnail=190x190");

        Assert.Equal(190, plan.Width);
        Assert.Equal(190, plan.Height);
        Assert.Equal(Fit.Inside, plan.Fit);
        Assert.False(plan.Enlarge);
    }

    [Theory]
    [InlineData("thumbnail=190x190", "w=190&h=190")]
    [InlineData("w=200&h=100", "h=100&w=200")]
    [InlineData("width=200&height=100", "w=200&h=100")]
    [InlineData("W=200&Height=100", "w=200&h=100")]
    [InlineData("w=200&fit=inside&gravity=center&enlarge=false&rotate=0&bg=fff&grayscale=false", "w=200")]
    [InlineData("w=200&mode=max", "w=200&fit=inside")]
    [InlineData("w=200&h=100&mode=pad", "w=200&h=100&fit=contain")]
    [InlineData("w=200&h=100&mode=crop", "w=200&h=100&fit=cover")]
    [InlineData("w=200&h=100&mode=stretch", "w=200&h=100&fit=fill")]
    [InlineData("w=100&dpr=2", "w=200")]
    [InlineData("gravity=north&w=1&h=1&fit=cover", "gravity=0.5,0&w=1&h=1&fit=cover")]
    [InlineData("gravity=SMART&w=1&h=1&fit=cover", "gravity=smart&w=1&h=1&fit=cover")]
    [InlineData("bg=%23FFAA00", "bg=fa0")]
    [InlineData("format=jpg", "format=jpeg")]
    [InlineData("flip=vh", "flip=hv")]
    [InlineData("preset=card", "w=300&h=200&fit=cover&format=webp")]
    [InlineData("preset=card&format=png", "w=300&h=200&fit=cover&format=png")]
    [InlineData("enlarge=1&w=5", "enlarge=true&w=5")]
    public void Equivalent_urls_give_the_same_canonical_plan(string a, string b)
    {
        Assert.Equal(Parse(b).Canonical(), Parse(a).Canonical());
        Assert.Equal(Parse(b), Parse(a));
    }

    [Theory]
    [InlineData("w=200", "w=201")]
    [InlineData("w=200&fit=cover&h=10", "w=200&fit=contain&h=10")]
    [InlineData("format=webp", "format=auto")]
    [InlineData("quality=80", "quality=81")]
    [InlineData("blur=1", "sharpen=1")]
    [InlineData("crop=0,0,10,10", "crop=0,0,10,11")]
    public void Different_transforms_give_different_canonical_strings(string a, string b)
    {
        Assert.NotEqual(Parse(a).Canonical(), Parse(b).Canonical());
    }

    [Fact]
    public void Smart_and_entropy_gravity_are_transforms_of_their_own()
    {
        List<string> keys = [Key("smart"), Key("entropy"), Key("center")];

        Assert.Equal(3, keys.Distinct().Count());
        Assert.Contains(";gravity=smart;", keys[0], StringComparison.Ordinal);

        static string Key(string gravity) => Parse($"gravity={gravity}&w=10&h=10&fit=cover").Canonical();
    }

    [Theory]
    [InlineData("nonsense=1", "nonsense")]
    [InlineData("w=0", "w")]
    [InlineData("w=-5", "w")]
    [InlineData("w=4097", "w")]
    [InlineData("w=1.5", "w")]
    [InlineData("w=abc", "w")]
    [InlineData("w=", "w")]
    [InlineData("h=99999999999999999999", "h")]
    [InlineData("thumbnail=190", "thumbnail")]
    [InlineData("thumbnail=0x10", "thumbnail")]
    [InlineData("thumbnail=10x5000", "thumbnail")]
    [InlineData("thumbnail=100x100&w=5", "w")]
    [InlineData("thumbnail=100x100&fit=cover", "fit")]
    [InlineData("w=1&width=2", "width")]
    [InlineData("fit=cover&mode=crop", "mode")]
    [InlineData("fit=squash", "fit")]
    [InlineData("gravity=up", "gravity")]
    [InlineData("gravity=1.5,0", "gravity")]
    [InlineData("crop=1,2,3", "crop")]
    [InlineData("crop=0,0,0,10", "crop")]
    [InlineData("crop=-1,0,10,10", "crop")]
    [InlineData("dpr=0.5", "dpr")]
    [InlineData("dpr=5", "dpr")]
    [InlineData("enlarge=yes", "enlarge")]
    [InlineData("rotate=45", "rotate")]
    [InlineData("flip=x", "flip")]
    [InlineData("format=bmp", "format")]
    [InlineData("quality=0", "quality")]
    [InlineData("quality=101", "quality")]
    [InlineData("bg=red", "bg")]
    [InlineData("bg=12345", "bg")]
    [InlineData("blur=0", "blur")]
    [InlineData("blur=101", "blur")]
    [InlineData("sharpen=11", "sharpen")]
    [InlineData("grayscale=maybe", "grayscale")]
    [InlineData("preset=unknown", "preset")]
    [InlineData("page=0", "page")]
    [InlineData("page=x", "page")]
    [InlineData("dpi=35", "dpi")]
    [InlineData("dpi=601", "dpi")]
    [InlineData("frame=0", "frame")]
    [InlineData("window=40", "window")]
    [InlineData("window=40,0", "window")]
    [InlineData("window=40,0.5", "window")]
    [InlineData("window=40,400,cubic", "window")]
    [InlineData("window=abc,400", "window")]
    [InlineData("window=1e300,400", "window")]
    public void Bad_parameters_are_named_in_the_error(string query, string parameter)
    {
        var error = Rejects(query);

        Assert.Equal(parameter, error.Parameter);
        Assert.StartsWith(parameter + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_1_and_no_page_share_a_cache_key_but_page_stays_visible_for_refusing_it_on_images()
    {
        Assert.Equal(Parse("w=5").Canonical(), Parse("page=1&w=5").Canonical());
        Assert.Null(Parse("w=5").Page);
        Assert.Equal(1, Parse("page=1&w=5").Page);
    }

    [Fact]
    public void Info_stands_alone()
    {
        Assert.True(Parse("info=true").Info);
        Assert.Equal("v1;info", Parse("info=1").Canonical());
        Assert.False(Parse("info=false&w=5").Info);
        Assert.Equal("info", Rejects("info=true&w=5").Parameter);
        Assert.Equal("info", Rejects("info=maybe").Parameter);
    }

    [Fact]
    public void Window_takes_center_width_and_an_optional_function()
    {
        Assert.Equal(new VoiWindow(-600, 1500, VoiFunction.Linear), Parse("window=-600,1500").Window);
        Assert.Equal(VoiFunction.LinearExact, Parse("window=40,0.5,linear-exact").Window!.Value.Function);
        Assert.Equal(VoiFunction.Sigmoid, Parse("window=40,400,SIGMOID").Window!.Value.Function);
        Assert.Equal(Parse("window=40,400").Canonical(), Parse("window=40.0,400,linear").Canonical());
        Assert.Equal(Parse("w=5").Canonical(), Parse("w=5&frame=1").Canonical());
    }

    [Fact]
    public void Dpr_beyond_the_output_limit_is_scaled_back_keeping_the_box_proportions()
    {
        var plan = Parse("w=3000&h=1500&dpr=2");

        Assert.Equal(4096, plan.Width);
        Assert.Equal(2048, plan.Height);
    }

    [Fact]
    public void Options_are_read_with_their_values()
    {
        var plan = Parse("w=10&h=20&fit=contain&gravity=0.25,0.75&crop=1,2,30,40&enlarge=true&rotate=270&flip=h&format=avif&quality=55&bg=000&blur=1.5&sharpen=0.5&grayscale=true");

        Assert.Equal(new TransformPlan
        {
            Width = 10,
            Height = 20,
            Fit = Fit.Contain,
            Gravity = new Gravity(0.25, 0.75),
            Crop = new PixelRect(1, 2, 30, 40),
            Enlarge = true,
            Rotate = 270,
            Flip = Flip.Horizontal,
            Format = RequestedFormat.Avif,
            Quality = 55,
            Background = "000000",
            Blur = 1.5,
            Sharpen = 0.5,
            Grayscale = true,
        }, plan);
    }

    [Fact]
    public void A_preset_cannot_name_another_preset()
    {
        var parser = new TransformParser(4096, new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> { ["loop"] = Query("preset=loop") });

        var error = Assert.Throws<InvalidTransformException>(() => parser.Parse(Query("preset=loop")));
        Assert.Equal("preset", error.Parameter);
    }
}
