using Helium.Imager.Addressing;

namespace Helium.Imager.UnitTests;

public sealed class ObjectAddressParserTests
{
    [Theory]
    [InlineData("/photos/cat.jpg", "photos", "cat.jpg")]
    [InlineData("/photos/a/b/c.jpg?w=10", "photos", "a/b/c.jpg")]
    [InlineData("/photos/with%20space.jpg", "photos", "with space.jpg")]
    [InlineData("/photos/plus+stays+plus.jpg", "photos", "plus+stays+plus.jpg")]
    [InlineData("/photos/100%25.jpg", "photos", "100%.jpg")]
    [InlineData("/photos/a%2Fb.jpg", "photos", "a/b.jpg")]
    [InlineData("/photos/%C3%BC%E6%97%A5.jpg", "photos", "ü日.jpg")]
    [InlineData("/photos/a&b=c.jpg", "photos", "a&b=c.jpg")]
    [InlineData("/photos/", "photos", "")]
    [InlineData("/photos", "photos", "")]
    [InlineData("/my.bucket-1/x", "my.bucket-1", "x")]
    [InlineData("/photos/..hidden/x..y", "photos", "..hidden/x..y")]
    public void Valid_targets_decode_each_segment_once(string target, string bucket, string key)
    {
        Assert.True(ObjectAddressParser.TryParse(target, out var address, out var error), error);
        Assert.Equal(new ObjectAddress(bucket, key), address);
    }

    [Theory]
    [InlineData("photos/cat.jpg")]
    [InlineData("http://evil/photos/cat.jpg")]
    [InlineData("/")]
    [InlineData("/ab/cat.jpg")]
    [InlineData("/Photos/cat.jpg")]
    [InlineData("/pho_tos/cat.jpg")]
    [InlineData("/-photos/cat.jpg")]
    [InlineData("/%2e%2e/etc/passwd")]
    [InlineData("/photos%2F..%2Fother/x")]
    [InlineData("/photos/../other/x")]
    [InlineData("/photos/./x")]
    [InlineData("/photos/a/%2e%2e/%2e%2e/other/x")]
    [InlineData("/photos/a%2F..%2F..%2Fother%2Fx")]
    [InlineData("/photos/%2E")]
    [InlineData("/photos/x%00y")]
    [InlineData("/photos/x%0Ay")]
    [InlineData("/photos/%ff")]
    [InlineData("/photos/%C3")]
    [InlineData("/photos/%zz")]
    [InlineData("/photos/%4")]
    public void Targets_that_could_escape_or_are_malformed_are_refused(string target)
    {
        Assert.False(ObjectAddressParser.TryParse(target, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Keys_longer_than_S3_allows_are_refused()
    {
        Assert.True(ObjectAddressParser.TryParse("/photos/" + new string('k', 1024), out _, out _));
        Assert.False(ObjectAddressParser.TryParse("/photos/" + new string('k', 1025), out _, out _));
        Assert.False(ObjectAddressParser.TryParse("/photos/" + string.Concat(Enumerable.Repeat("%C3%BC", 513)), out _, out _));
    }
}
