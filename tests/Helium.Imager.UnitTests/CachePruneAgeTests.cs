namespace Helium.Imager.UnitTests;

public sealed class CachePruneAgeTests
{
    [Theory]
    [InlineData("30d", 30 * 24 * 3600)]
    [InlineData("12h", 12 * 3600)]
    [InlineData("90m", 90 * 60)]
    [InlineData("1.5h", 90 * 60)]
    [InlineData("45s", 45)]
    [InlineData("1.00:00:00", 24 * 3600)]
    public void Ages_read_as_written(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), CacheCommand.ParseAge(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("30")]
    [InlineData("d")]
    [InlineData("-1d")]
    [InlineData("-00:01:00")]
    public void Anything_else_is_no_age(string text) => Assert.Null(CacheCommand.ParseAge(text));
}
