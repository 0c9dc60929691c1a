using Helium.Imager.Addressing;

namespace Helium.Imager.UnitTests;

public sealed class BucketNamesTests
{
    [Theory]
    [InlineData("abc", true)]
    [InlineData("photos-2024.eu", true)]
    [InlineData("a-very-long-bucket-name-that-is-exactly-sixty-three-chars-long1", true)]
    [InlineData("a-very-long-bucket-name-that-is-exactly-sixty-four-chars-long-12", false)]
    [InlineData("ab", false)]
    [InlineData("Photos", false)]
    [InlineData("pho_tos", false)]
    [InlineData("-photos", false)]
    [InlineData("photos.", false)]
    [InlineData("pho..tos", false)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    public void Follow_the_S3_naming_rules(string name, bool valid)
    {
        Assert.Equal(valid, BucketNames.IsValid(name));
    }
}
