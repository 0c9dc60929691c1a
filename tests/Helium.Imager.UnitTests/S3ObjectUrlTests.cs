using Helium.Imager.Addressing;
using Helium.Imager.Stores.S3;

namespace Helium.Imager.UnitTests;

public sealed class S3ObjectUrlTests
{
    [Theory]
    [InlineData("cat.jpg", "cat.jpg")]
    [InlineData("a/b/c.jpg", "a/b/c.jpg")]
    [InlineData("with space.jpg", "with%20space.jpg")]
    [InlineData("a+b.jpg", "a%2Bb.jpg")]
    [InlineData("100%.jpg", "100%25.jpg")]
    [InlineData("a&b=c?.jpg", "a%26b%3Dc%3F.jpg")]
    [InlineData("ü.jpg", "%C3%BC.jpg")]
    [InlineData("!$'()*,;:@", "%21%24%27%28%29%2A%2C%3B%3A%40")]
    [InlineData("-_.~", "-_.~")]
    public void Keys_are_encoded_byte_by_byte_except_unreserved_characters_and_slashes(string key, string encoded)
    {
        Assert.Equal(encoded, KeyEncoding.Encode(key));
    }

    [Fact]
    public void The_url_is_path_style_on_the_service_authority()
    {
        var url = S3ObjectUrl.For(new Uri("http://127.0.0.1:7480/"), new ObjectAddress("scans", "2024/ct 1.dcm"));

        Assert.Equal("http://127.0.0.1:7480/scans/2024/ct%201.dcm", url.AbsoluteUri);
        Assert.Equal("/scans/2024/ct%201.dcm", url.AbsolutePath);
    }
}
