using Helium.Imager.Core.Raster;
using Helium.Imager.Core.Rendering;
using ImageMagick;

namespace Helium.Imager.UnitTests.Rendering;

/// <summary>ImageMagick itself refuses the coders attackers use, even when asked for them by name.</summary>
public sealed class MagickHardeningTests
{
    public MagickHardeningTests() => MagickHardening.Apply(new RenderLimits(4096, 100_000_000, 100));

    public static TheoryData<string, MagickFormat> Payloads => new()
    {
        // ImageTragick (CVE-2016-3714 and friends): MVG/SVG that fetch URLs, read files or run commands.
        { "push graphic-context\nviewbox 0 0 640 480\nfill 'url(https://127.0.0.1/x.jpg\"|touch \"/tmp/helium-pwned)'\npop graphic-context\n", MagickFormat.Mvg },
        { "push graphic-context\nviewbox 0 0 10 10\nimage over 0,0 0,0 'label:@/etc/passwd'\npop graphic-context\n", MagickFormat.Mvg },
        { "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\"><image xlink:href=\"text:/etc/passwd\" width=\"10\" height=\"10\"/></svg>", MagickFormat.Svg },
        { "<?xml version=\"1.0\"?><image><read filename=\"/etc/passwd\"/><write filename=\"/tmp/helium-pwned.png\"/></image>", MagickFormat.Msl },
        { "%!PS\n(/etc/passwd) (r) file\nshowpage\n", MagickFormat.Ps },
        { "/etc/passwd", MagickFormat.Text },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Dangerous_coders_are_refused_by_policy(string payload, MagickFormat format)
    {
        Assert.ThrowsAny<MagickException>(() => new MagickImage(System.Text.Encoding.UTF8.GetBytes(payload), new MagickReadSettings { Format = format }));
        Assert.False(File.Exists("/tmp/helium-pwned"));
        Assert.False(File.Exists("/tmp/helium-pwned.png"));
    }

    [Fact]
    public void Indirect_file_reads_are_refused()
    {
        Assert.ThrowsAny<MagickException>(() => new MagickImage("label:@/etc/passwd"));
        Assert.ThrowsAny<MagickException>(() => new MagickImage("text:/etc/passwd"));
    }
}
