using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Pixels;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Raster;

/// <summary>Raster images (JPEG, PNG, WebP, GIF, AVIF, HEIC, TIFF, JPEG 2000, JPEG XL, BMP), decoded
/// in-process, needing no other program: libvips decodes what it reads here, animations included;
/// Magick.NET decodes the formats libvips lacks and hands their pixels to the same pipeline.</summary>
public sealed class RasterSource(MagickDecoder magick, VipsPipeline pipeline) : ISourceKind
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

    public Rendition Render(ReadOnlyMemory<byte> source, SourceFormat format, TransformPlan plan, FormatChoice choice) =>
        VipsPipeline.CanDecode(format)
            ? pipeline.Render(source, format, plan, choice)
            : magick.Decode(source, format, pixels => pipeline.RenderDecoded(pixels, plan, choice));

    public Task<SourceDescription> DescribeAsync(SourceInput source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (width, height, frames) = VipsPipeline.CanDecode(source.Format) ? pipeline.Describe(source.Bytes, source.Format) : magick.Describe(source.Bytes, source.Format);
        return Task.FromResult(new SourceDescription { Type = source.Format.Name, Width = width, Height = height, Frames = frames });
    }
}
