using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Transforms;
using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>
/// The pixel pipeline on libvips: one path for every source, several ways in. An encoded raster image
/// enters through its named loader (<see cref="VipsLoaders"/>), pixels another decoder made enter as
/// they are; then EXIF orientation → 8-bit sRGB → (a document page laid on the background) → the
/// frame steps on each frame (<see cref="FrameSteps"/>) → the encoder (<see cref="Encoder"/>).
/// libvips errors on a source (a damaged or truncated file) are the source's fault.
/// </summary>
public sealed class VipsPipeline : IPixelPipeline
{
    private readonly RenderLimits _limits;

    public VipsPipeline(RenderLimits limits, int threads = 1)
    {
        VipsRuntime.Apply(threads);
        _limits = limits;
    }

    public static bool CanDecode(SourceFormat format) => VipsLoaders.CanLoad(format);

    public Rendition Render(ReadOnlyMemory<byte> source, SourceFormat format, TransformPlan plan, FormatChoice choice, bool flatten = false) =>
        Reading(format, "decoded", scope =>
        {
            var loaded = VipsLoaders.Load(source, format, plan, choice, _limits, scope);
            var image = Colours.ToSrgb(scope.Keep(loaded.Image.Autorot()), scope);
            if (flatten)
            {
                image = Colours.OnBackground(image, plan, scope);
            }

            var choices = new FrameChoices();
            image = Frames.Each(image, loaded.Pages,
                frame => FrameSteps.Apply(frame, new FrameState(plan, _limits.MaxOutputDimension, scope, (loaded.Width, loaded.Height), choices)), scope);
            return Encoder.Finish(image, plan, choice, scope);
        });

    public Rendition RenderDecoded(DecodedPixels decoded, TransformPlan plan, FormatChoice choice, bool flatten = false)
    {
        _limits.RequireWithinPixels(decoded.Width, decoded.Height);
        using var scope = new ImageScope();
        var image = Wrap(decoded, scope, ShrinkOnLoad.Denominator(plan, decoded.Width, decoded.Height, turned: false, _limits.MaxOutputDimension, ShrinkOnLoad.BoxMargin));
        if (flatten)
        {
            image = Colours.OnBackground(image, plan, scope);
        }

        image = FrameSteps.Apply(image, new FrameState(plan, _limits.MaxOutputDimension, scope, (decoded.Width, decoded.Height), new FrameChoices()));
        return Encoder.Finish(image, plan, choice, scope);
    }

    public Rendition RenderAnimation(DecodedPixels strip, int[] delaysMs, TransformPlan plan, FormatChoice choice)
    {
        var frames = delaysMs.Length;
        if (frames < 1 || strip.Height % frames != 0)
        {
            throw new ArgumentException($"{strip.Height} rows cannot be {frames} frames.", nameof(strip));
        }

        _limits.RequireWithinPixels(strip.Width, strip.Height);
        using var scope = new ImageScope();
        var frameHeight = strip.Height / frames;
        var image = scope.Keep(Wrap(strip, scope).Mutate(animation =>
        {
            animation.Set(GValue.GIntType, "page-height", frameHeight);
            animation.Set(GValue.ArrayIntType, "delay", delaysMs);
            animation.Set(GValue.GIntType, "loop", 0);
        }));
        var choices = new FrameChoices();
        image = Frames.Each(image, frames,
            frame => FrameSteps.Apply(frame, new FrameState(plan, _limits.MaxOutputDimension, scope, (strip.Width, frameHeight), choices)), scope);
        return Encoder.Finish(image, plan, choice, scope);
    }

    public Rendition RenderMosaic(JpegMosaic mosaic, int shrink, TransformPlan plan, FormatChoice choice)
    {
        var (width, height) = (mosaic.Width / shrink, mosaic.Height / shrink);
        _limits.RequireWithinPixels(width, height);
        return Reading(RasterFormats.Jpeg, "decoded", scope =>
        {
            var tiles = mosaic.Tiles.Select(tile => Colours.ToSrgb(scope.Keep(VipsLoaders.JpegTile(tile, shrink)), scope)).ToArray();
            if (tiles.Any(tile => tile.Width != mosaic.TileWidth / shrink || tile.Height != mosaic.TileHeight / shrink))
            {
                throw new SourceRejectedException(SourceProblem.Corrupt, "A tile of the image is not the size the file declares.");
            }

            var image = scope.Keep(scope.Keep(Image.Arrayjoin(tiles, across: mosaic.Columns)).ExtractArea(0, 0, width, height));
            image = FrameSteps.Apply(image, new FrameState(plan, _limits.MaxOutputDimension, scope, (width, height), new FrameChoices()));
            return Encoder.Finish(image, plan, choice, scope);
        });
    }

    public byte[]? DecodeGreyJpeg(byte[] jpeg, int width, int height, int shrink)
    {
        _limits.RequireWithinPixels(width, height);
        using var scope = new ImageScope();
        try
        {
            // The header first (libvips reads lazily): nothing is decoded unless it is the frame declared.
            var image = scope.Keep(VipsLoaders.JpegTile(jpeg, shrink));
            return image.Bands == 1 && image.Format == Enums.BandFormat.Uchar
                && image.Width == (width + shrink - 1) / shrink && image.Height == (height + shrink - 1) / shrink
                ? image.WriteToMemory<byte>()
                : null;
        }
        catch (VipsException)
        {
            return null;
        }
    }

    /// <summary>Pixels another decoder made, read where they lie, as 8-bit sRGB; box-shrunk first by
    /// <paramref name="shrink"/>, as a JPEG is while decoding, so that the conversion from an embedded
    /// profile is made on a quarter of the pixels or fewer (for a 6 MP JPEG XL, ImageMagick's conversion
    /// at full size took 65–90 ms).</summary>
    private static Image Wrap(DecodedPixels decoded, ImageScope scope, int shrink = 1)
    {
        if (decoded.Length < (long)decoded.Width * decoded.Height * decoded.Bands)
        {
            throw new ArgumentException($"{decoded.Length} bytes cannot hold {decoded.Width}x{decoded.Height}x{decoded.Bands}.", nameof(decoded));
        }

        var image = scope.Keep(Image.NewFromMemory(decoded.Pixels, (ulong)decoded.Length, decoded.Width, decoded.Height, decoded.Bands, Enums.BandFormat.Uchar));
        image = scope.Keep(image.Copy(interpretation: decoded.Bands <= 2 ? Enums.Interpretation.Bw : Enums.Interpretation.Srgb));
        if (shrink > 1)
        {
            image = scope.Keep(image.Shrink(shrink, shrink, ceil: true));
        }

        if (decoded.IccProfile is { } profile && decoded.Bands >= 3)
        {
            image = scope.Keep(image.Mutate(mutable => mutable.Set(GValue.BlobType, "icc-profile-data", profile)));
        }

        return Colours.ToSrgb(image, scope);
    }

    /// <summary>Upright size and frame count from the header alone.</summary>
    public (int Width, int Height, int Frames) Describe(ReadOnlyMemory<byte> source, SourceFormat format) =>
        Reading(format, "read", scope =>
        {
            var header = scope.Keep(VipsLoaders.Header(source, format, _limits));
            var frames = VipsLoaders.PagesOf(header, format);
            return VipsLoaders.IsTurned(header) ? (header.Height, header.Width, frames) : (header.Width, header.Height, frames);
        });

    private static T Reading<T>(SourceFormat format, string verb, Func<ImageScope, T> read)
    {
        using var scope = new ImageScope();
        try
        {
            return read(scope);
        }
        catch (VipsException e)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, $"The {format.Title} source cannot be {verb}.", e);
        }
    }
}
