using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Raster;

/// <summary>Raster images (JPEG, PNG, WebP, GIF, AVIF, HEIC, TIFF, JPEG 2000, JPEG XL, BMP), decoded
/// in-process, needing no other program, through libvips (the pixel pipeline every kind ends in);
/// Magick.NET decodes the formats libvips lacks here and renders animations kept as animations.</summary>
public sealed class RasterSource(RasterRenderer renderer, VipsRenderer vips) : ISourceKind
{
    public string Name => "raster";

    public IReadOnlyList<SourceFormat> Formats => RasterFormats.All;

    /// <summary>An ISO media file's brand list (AVIF, HEIC) is the longest signature: 136 bytes hold the
    /// first thirty brands.</summary>
    public int SignatureLength => 136;

    public SourceFormat? Detect(ReadOnlySpan<byte> head) => RasterFormats.Detect(head);

    public IReadOnlySet<string> Parameters { get; } = new HashSet<string>();

    public string ParametersPurpose => "take no source-specific parameters";

    public Task<string?> CheckAvailableAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task<Rendition> RenderAsync(SourceInput source, TransformPlan plan, FormatChoice choice, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(() => Render(source.Bytes, source.Format, plan, choice), CancellationToken.None);

    /// <summary>libvips decodes what it reads here, and renders everything but animations; the
    /// formats it lacks are decoded by Magick.NET and handed over as pixels.</summary>
    public Rendition Render(byte[] source, SourceFormat format, TransformPlan plan, FormatChoice choice) =>
        VipsRenderer.CanDecode(format)
            ? vips.RenderStill(source, format, plan, choice) ?? renderer.RenderAnimation(source, format, plan, choice)
            : vips.RenderDecoded(renderer.Decode(source, format), plan, choice);

    public Task<SourceDescription> DescribeAsync(SourceInput source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (width, height, frames) = VipsRenderer.CanDecode(source.Format) ? vips.Describe(source.Bytes, source.Format) : renderer.Describe(source.Bytes, source.Format);
        return Task.FromResult(new SourceDescription { Type = source.Format.Name, Width = width, Height = height, Frames = frames });
    }
}
