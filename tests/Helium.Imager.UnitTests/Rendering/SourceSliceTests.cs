using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;
using ImageMagick;

namespace Helium.Imager.UnitTests.Rendering;

/// <summary>
/// The server hands every render a slice of a pooled buffer (SourceBytes): the bytes before and after
/// the slice belong to no one, or to an earlier request's source. A decoder that read past its slice
/// would take a truncated file for a whole one and could mix another source's bytes into a rendition;
/// one that ignored where the slice starts would read the wrong bytes altogether. Every kind of source,
/// as the server registers them.
/// </summary>
public sealed class SourceSliceTests
{
    private static readonly TransformPlan Thumbnail = new() { Width = 64 };

    /// <summary>The file between <paramref name="before"/> and <paramref name="after"/> in one buffer,
    /// sliced to its first <paramref name="length"/> bytes: the rest of the file follows the slice.</summary>
    private static ReadOnlyMemory<byte> InBuffer(byte[] file, int length, byte[] before, byte[] after)
    {
        var buffer = new byte[before.Length + file.Length + after.Length];
        before.CopyTo(buffer, 0);
        file.CopyTo(buffer, before.Length);
        after.CopyTo(buffer, before.Length + file.Length);
        return buffer.AsMemory(before.Length, length);
    }

    private static byte[] Noise(int length)
    {
        var noise = new byte[length];
        new Random(7).NextBytes(noise);
        return noise;
    }

    private static async Task<Rendition> RenderAsync(ReadOnlyMemory<byte> bytes)
    {
        var renderer = RegisteredSources.Get();
        var detected = renderer.Detect(bytes.Span[..Math.Min(bytes.Length, renderer.SignatureLength)]) ?? throw new InvalidOperationException("not recognised");
        return await renderer.RenderAsync(bytes, detected, Thumbnail, null, TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    /// <summary>Formats ImageMagick decodes here, made from a fixture.</summary>
    private static byte[] Made(MagickFormat format)
    {
        using var image = new MagickImage(Fixture.Path("raster/Landscape_1.jpg"));
        return image.ToByteArray(format);
    }

    private static byte[] Bytes(string file) => file.StartsWith("magick:", StringComparison.Ordinal)
        ? Made(Enum.Parse<MagickFormat>(file["magick:".Length..]))
        : Fixture.Bytes(file);

    [Theory]
    [InlineData("raster/Landscape_1.jpg")]
    [InlineData("raster/Flag_of_the_Netherlands-alpha.png")]
    [InlineData("raster/animated-loop-3.gif")]
    [InlineData("raster/4.webp")]
    [InlineData("magick:Bmp3")]
    [InlineData("dicom/CT_small.dcm")]
    public async Task A_truncated_source_stays_truncated_whatever_follows_it_in_memory(string file)
    {
        var whole = Bytes(file);
        await RenderAsync(whole); // renders whole: the failure below is the cut's

        var error = await Assert.ThrowsAsync<SourceRejectedException>(() => RenderAsync(InBuffer(whole, whole.Length * 2 / 3, before: [], after: Noise(4096))));

        Assert.Equal(SourceProblem.Corrupt, error.Problem);
    }

    /// <summary>Between two copies of another source of the same kind, as earlier requests may have left
    /// in the buffer.</summary>
    [Theory]
    [InlineData("raster/Landscape_1.jpg", "raster/Landscape_3.jpg")]
    [InlineData("raster/16-bit-grey-alpha.png", "raster/full-transparent.png")]
    [InlineData("raster/animated-loop-3.gif", "raster/animated-loop-3.gif")]
    [InlineData("raster/4.webp", "raster/4.webp")]
    [InlineData("raster/G31D.TIF", "raster/G31D.TIF")]
    [InlineData("raster/pitm.avif", "raster/pitm.avif")]
    [InlineData("magick:Jp2", "magick:Bmp3")]
    [InlineData("dicom/CT_small.dcm", "dicom/MR_small.dcm")]
    [InlineData("pdf/minimal-document.pdf", "pdf/pdflatex-image.pdf")]
    public async Task A_source_in_the_middle_of_a_buffer_renders_as_from_its_own_array(string file, string earlier)
    {
        var whole = Bytes(file);

        var own = await RenderAsync(whole);
        var other = Bytes(earlier);
        var sliced = await RenderAsync(InBuffer(whole, whole.Length, before: other, after: other));

        Assert.Equal(own.Content, sliced.Content);
    }
}
