using Helium.Imager.Routing;

namespace Helium.Imager.UnitTests.Routing;

public sealed class CacheLifetimeTests
{
    [Theory]
    [InlineData("public, max-age=86400", 120, "public, max-age=120")]
    [InlineData("public, max-age=86400, s-maxage=3600", 90, "public, max-age=90, s-maxage=90")]
    [InlineData("public, max-age=30", 120, "public, max-age=30")]
    [InlineData("", 45, "max-age=45")]
    [InlineData("no-transform", 45, "no-transform, max-age=45")]
    [InlineData("public, S-MAXAGE = 999", 10, "public, S-MAXAGE=10")]
    public void Lifetimes_are_capped_at_the_seconds_left(string cacheControl, long seconds, string expected) =>
        Assert.Equal(expected, CacheLifetime.Capped(cacheControl, seconds));
}
