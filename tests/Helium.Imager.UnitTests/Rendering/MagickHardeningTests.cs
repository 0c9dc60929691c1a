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
        { "push graphic-context\nviewbox 0 0 640 480\nimage over 0,0 0,0 'https://127.0.0.1/x.jpg\"|touch \"/tmp/helium-pwned'\npop graphic-context\n", MagickFormat.Mvg },
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
        // The policy's own refusal, not any error: a payload that fails for another reason (malformed,
        // a missing delegate) would pass here with the policy gone.
        var refused = Assert.ThrowsAny<MagickException>(() => new MagickImage(System.Text.Encoding.UTF8.GetBytes(payload), new MagickReadSettings { Format = format }));
        Assert.True(IsPolicyRefusal(refused), $"{format}: {refused.GetType().Name}: {refused.Message}");
        Assert.False(File.Exists("/tmp/helium-pwned"));
        Assert.False(File.Exists("/tmp/helium-pwned.png"));
    }

    [Fact]
    public void Indirect_file_reads_are_refused()
    {
        Assert.True(IsPolicyRefusal(Assert.ThrowsAny<MagickException>(() => new MagickImage("label:@/etc/passwd"))));
        Assert.True(IsPolicyRefusal(Assert.ThrowsAny<MagickException>(() => new MagickImage("text:/etc/passwd"))));
    }

    [Fact]
    public void The_servers_policy_lets_imagemagick_read_only_the_formats_libvips_lacks()
    {
        // This process runs a wider policy (its reference images need it), so the server's own is
        // checked as written; the tests that start the installed executable run it.
        var allowed = System.Text.RegularExpressions.Regex.Matches(MagickHardening.Policy, "rights=\"([^\"]*)\" pattern=\"([^\"]*)\"")
            .Select(m => (Rights: m.Groups[1].Value, Pattern: m.Groups[2].Value)).Where(p => p.Rights != "none").ToList();

        var coders = Assert.Single(allowed);
        Assert.Equal("read", coders.Rights);
        Assert.Equal(["BMP", "BMP2", "BMP3", "J2K", "JP2", "JPC", "JXL"], coders.Pattern.Trim('{', '}').Split(',').Order());
        Assert.Contains("<policy domain=\"coder\" rights=\"none\" pattern=\"*\" />", MagickHardening.Policy);
        Assert.Contains("<policy domain=\"delegate\" rights=\"none\" pattern=\"*\" />", MagickHardening.Policy);
    }

    private static bool IsPolicyRefusal(MagickException exception) =>
        exception is MagickPolicyErrorException || exception.Message.Contains("security policy", StringComparison.Ordinal);
}
