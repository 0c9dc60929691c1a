using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Raster;

/// <summary>Raster images (JPEG, PNG, GIF, WebP, AVIF, HEIC, TIFF, JPEG 2000, JPEG XL, BMP), decoded
/// in-process by the pixel pipeline's engine, which needs no other program.</summary>
public sealed class RasterSource(RasterRenderer renderer) : ISourceKind
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
        Task.Run(() => renderer.Render(source.Bytes, source.Format, plan, choice), CancellationToken.None);

    public Task<SourceDescription> DescribeAsync(SourceInput source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (width, height, frames) = renderer.Describe(source.Bytes, source.Format);
        return Task.FromResult(new SourceDescription { Type = source.Format.Name, Width = width, Height = height, Frames = frames });
    }
}
