namespace Helium.Imager.UnitTests.Transforms;

/// <summary>DICOMweb's rendered-resource parameters (PS3.18 8.3.5.1) beside our own.</summary>
public sealed class DicomWebParameterTests
{
    private static readonly TransformParser Parser = new(4096, new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>());

    private static TransformPlan Parse(string query) =>
        Parser.Parse(query.Split('&').Select(pair => pair.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], Uri.UnescapeDataString(p[1]))).ToList());

    [Theory]
    [InlineData("viewport=512,512", "w=512&h=512&fit=inside&enlarge=true")]
    [InlineData("viewport=300,200,10,20,100,50", "w=300&h=200&fit=inside&enlarge=true&crop=10,20,100,50")]
    [InlineData("viewport=300,200,10,20,-100,50", "w=300&h=200&fit=inside&enlarge=true&crop=10,20,100,50&flip=h")]
    [InlineData("viewport=300,200,10,20,100,-50", "w=300&h=200&fit=inside&enlarge=true&crop=10,20,100,50&flip=v")]
    [InlineData("viewport=300,200,0,0,-100,-50", "w=300&h=200&fit=inside&enlarge=true&crop=0,0,100,50&flip=hv")]
    [InlineData("viewport=512,512&iccprofile=no", "viewport=512,512")]
    [InlineData("viewport=512,512&window=40,400&quality=80", "w=512&h=512&enlarge=true&window=40,400&quality=80")]
    public void A_viewport_is_the_size_the_source_region_and_the_flip(string dicomWeb, string ours) =>
        Assert.Equal(Parse(ours).Canonical(), Parse(dicomWeb).Canonical());

    [Theory]
    [InlineData("viewport=512", "viewport")]
    [InlineData("viewport=512,512,0,0,10", "viewport")]
    [InlineData("viewport=0,512", "viewport")]
    [InlineData("viewport=5000,512", "viewport")]
    [InlineData("viewport=512,512,-1,0,10,10", "viewport")]
    [InlineData("viewport=512,512,0,0,0,10", "viewport")]
    [InlineData("viewport=512,512,a,0,10,10", "viewport")]
    [InlineData("viewport=512,512&w=100", "w")]
    [InlineData("viewport=512,512&crop=0,0,5,5", "crop")]
    [InlineData("viewport=512,512&thumbnail=10x10", "thumbnail")]
    [InlineData("viewport=512,512&flip=h", "flip")]
    [InlineData("viewport=512,512&fit=cover", "fit")]
    [InlineData("iccprofile=srgb", "iccprofile")]
    [InlineData("annotation=patient", "annotation")]
    public void Anything_else_is_refused_naming_the_parameter(string query, string named)
    {
        var refused = Assert.Throws<InvalidTransformException>(() => Parse(query));

        Assert.StartsWith($"{named}:", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotation_is_refused_saying_why()
    {
        var refused = Assert.Throws<InvalidTransformException>(() => Parse("annotation=patient,technique"));

        Assert.Contains("never burns patient or technique text", refused.Message, StringComparison.Ordinal);
    }
}
