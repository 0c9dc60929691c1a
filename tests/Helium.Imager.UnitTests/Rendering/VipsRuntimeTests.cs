using Helium.Imager.Core.Pixels;
using NetVips;

namespace Helium.Imager.UnitTests.Rendering;

/// <summary>libvips itself refuses the loaders the server never chooses, even when asked by name.</summary>
public sealed class VipsRuntimeTests
{
    public VipsRuntimeTests() => VipsRuntime.Apply();

    [Fact]
    public void Loaders_never_chosen_are_blocked()
    {
        var svg = Fixture.Bytes("raster/check.svg");
        var matrix = "2 2\n1 2\n3 4\n"u8.ToArray();

        Assert.Throws<VipsException>(() => Image.SvgloadBuffer(svg).Width);
        Assert.Throws<VipsException>(() => Image.NewFromBuffer(svg).Width);
        Assert.Throws<VipsException>(() => Image.MatrixloadSource(Source.NewFromMemory(matrix)).Width);
    }

    [Fact]
    public void The_operation_cache_is_off_and_renders_take_one_thread()
    {
        Assert.Equal(0, Cache.Max);
        Assert.Equal(1, NetVips.NetVips.Concurrency);
    }
}
