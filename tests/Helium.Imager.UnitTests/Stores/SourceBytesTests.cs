using Helium.Imager.Stores;

namespace Helium.Imager.UnitTests.Stores;

public sealed class SourceBytesTests
{
    [Fact]
    public void It_shows_exactly_the_length_asked_for_though_the_pool_lends_more()
    {
        using var bytes = SourceBytes.Rent(3_000_001);

        Assert.Equal(3_000_001, bytes.Memory.Length);
        Assert.Equal(3_000_001, bytes.Writable.Length);
    }

    /// <summary>An array given back twice would be lent to two renders at once, each reading the
    /// other's source.</summary>
    [Fact]
    public void Disposing_twice_gives_the_array_back_once()
    {
        var first = SourceBytes.Rent(1_000_000);
        first.Writable.Span[0] = 1;
        first.Dispose();
        first.Dispose();

        using var a = SourceBytes.Rent(1_000_000);
        using var b = SourceBytes.Rent(1_000_000);
        a.Writable.Span[0] = 2;
        b.Writable.Span[0] = 3;

        Assert.Equal(2, a.Memory.Span[0]);
        Assert.Throws<ObjectDisposedException>(() => first.Memory);
    }

    [Fact]
    public void A_source_above_the_pooled_size_gets_an_array_of_its_own()
    {
        using var bytes = SourceBytes.Rent(SourceBytes.PooledUpTo + 1);

        Assert.Equal(SourceBytes.PooledUpTo + 1, bytes.Memory.Length);
    }
}
