using System.Runtime.InteropServices;
using System.Text.Json;
using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Dicom;

/// <summary>DICOM images: one frame (<c>frame=</c>, default 1) decoded by GDCM, taken through the
/// display pipeline (modality LUT, VOI window or <c>window=</c>, MONOCHROME1 inversion) to 8-bit RGB,
/// then through the pixel pipeline.</summary>
public sealed partial class DicomSource(DicomReader reader, IPixelPipeline pipeline, RenderLimits limits) : ISourceKind, IRangedSourceKind
{
    public const string StudyUidLabel = "study-uid";
    public const string SeriesUidLabel = "series-uid";
    public const string SopInstanceUidLabel = "sop-instance-uid";

    /// <summary>The most halvings of a grey frame before its LUT chain: 1/16 of each side.</summary>
    private const int MaxShrinkLevels = 4;

    public static readonly SourceFormat Format = new("dicom", "DICOM", "application/dicom", ".dcm", ".dicom");

    public string Name => "DICOM";

    public IReadOnlyList<SourceFormat> Formats { get; } = [Format];

    /// <summary>The 128-byte preamble and "DICM".</summary>
    public int SignatureLength => 132;

    /// <summary>"DICM" after the preamble, which may legally hold another format's header (CT_small.dcm
    /// carries a TIFF one): this kind is asked first. Or a data set without the preamble.</summary>
    public SourceFormat? Detect(ReadOnlySpan<byte> head) =>
        (head.Length >= 132 && head[128..132].SequenceEqual("DICM"u8)) || LooksLikeBareDataSet(head) ? Format : null;

    public IReadOnlySet<string> Parameters { get; } = new HashSet<string> { "frame", "window" };

    public string ParametersPurpose => "have frames and VOI windows";

    public Task<string?> CheckAvailableAsync(CancellationToken cancellationToken) => Task.FromResult(reader.CheckAvailable());

    public async Task<Rendition> RenderAsync(SourceInput source, TransformPlan plan, FormatChoice choice, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var file = FileOf(source);
        if (plan.AllFrames)
        {
            var clip = await reader.ReadAsync(file, DicomReader.AllFrames, DecodeSize.Full, timeout, cancellationToken);
            return await Task.Run(() => RenderClip(clip, _ => clip, plan, choice), CancellationToken.None);
        }

        if (plan.Frame is null && DicomTopLevel.Read(file) is { } top && WholeSlide.Tiles(top, file) is { } slide)
        {
            return await Task.Run(() => RenderSlide(slide, plan, choice), CancellationToken.None);
        }

        var image = await reader.ReadAsync(file, plan.Frame ?? 1, DecodeSize.For(plan), timeout, cancellationToken);
        return await Task.Run(() => RenderFrame(image, plan, choice), CancellationToken.None);
    }

    public async Task<SourceDescription> DescribeAsync(SourceInput source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var file = FileOf(source);
        var image = await reader.ReadAsync(file, 1, DecodeSize.Full, timeout, cancellationToken);
        return Describe(image, DicomStructure.TransferSyntaxOf(source.Bytes.Span), TotalPixelMatrix(DicomTopLevel.Read(file)));
    }

    /// <summary>The file the walkers read: an array of exactly the source's length, inflated when it is
    /// deflated.</summary>
    private byte[] FileOf(SourceInput source) => DeflatedDicom.Inflate(SourceMemory.ExactArray(source.Bytes), limits.MaxSourceBytes);

    /// <param name="storedSyntax">The transfer syntax as stored (deflated or not), when known.</param>
    private static SourceDescription Describe(DicomImage image, string? storedSyntax, int[]? totalPixelMatrix)
    {
        var attributes = new DicomDescription(
            storedSyntax ?? image.TransferSyntax,
            image.Photometric,
            image.SamplesPerPixel,
            image.BitsAllocated,
            image.BitsStored,
            image.IsSigned ? 1 : 0,
            image.RescaleSlope,
            image.RescaleIntercept,
            image.Windows.Select(w => new WindowDescription(w.Center, w.Width, w.Function.ToString().ToLowerInvariant())).ToList(),
            image.ModalityLut is not null,
            image.VoiLut is not null,
            image.Frames > 1 ? Math.Round(CineTiming.Delays(image).Average(), 3) : null,
            image.Frames > 1 ? Math.Round(CineTiming.Delays(image).Sum(), 3) : null,
            totalPixelMatrix);
        return new SourceDescription
        {
            Type = Format.Name,
            Width = image.Width,
            Height = image.Height,
            Frames = image.Frames,
            Details = new() { ["dicom"] = JsonSerializer.SerializeToElement(attributes, DicomDescriptionJson.Default.DicomDescription) },
        };
    }

    /// <param name="frame">The frame of <paramref name="image"/> to show; the plan's by default (1 for a
    /// frame read by range into an object of its own).</param>
    private Rendition RenderFrame(DicomImage image, TransformPlan plan, FormatChoice choice, int? frame = null)
    {
        var one = frame ?? plan.Frame ?? 1;
        if (one > image.Frames)
        {
            throw new SourceRejectedException(SourceProblem.PageOutOfRange, $"frame: {one} is beyond the last frame of this image ({image.Frames}).");
        }

        var shown = Display(image, one, plan);
        return WithPinned(shown.Pixels, address =>
            pipeline.RenderDecoded(new DecodedPixels(address, shown.Pixels.Length, shown.Width, shown.Height, shown.Bands), shown.Plan, choice)) with
        { Labels = Labels(image) };
    }

    /// <summary>A tiled plane (or the part of it a read by range took), each tile shrunk while decoding
    /// as far as the output allows.</summary>
    private Rendition RenderSlide(JpegMosaic slide, TransformPlan plan, FormatChoice choice)
    {
        var shrink = WholeSlide.Shrink(slide, DecodeSize.For(plan));
        var halvings = System.Numerics.BitOperations.Log2((uint)shrink);
        return pipeline.RenderMosaic(slide, shrink, Reduced(plan, halvings, slide.Width / shrink, slide.Height / shrink), choice);
    }

    /// <summary><c>frame=all</c>: every frame through the display pipeline, stacked, played at the
    /// file's own timing (<see cref="CineTiming"/>); past Limits:MaxAnimationFrames, frames spread
    /// evenly over the clip.</summary>
    /// <param name="holding">The decoded image that holds a frame (1-based): the whole clip, or that
    /// frame alone when it was read by range.</param>
    private Rendition RenderClip(DicomImage image, Func<int, DicomImage> holding, TransformPlan plan, FormatChoice choice)
    {
        var (frames, delays) = CineTiming.Sample(CineTiming.Delays(image), limits.MaxAnimationFrames);
        var shown = frames.Select(frame => Display(holding(frame + 1), frame + 1, plan)).ToList();
        var first = shown[0];
        var strip = new byte[shown.Sum(frame => (long)frame.Pixels.Length)];
        for (var i = 0; i < shown.Count; i++)
        {
            shown[i].Pixels.CopyTo(strip, (long)i * first.Pixels.Length);
        }

        return WithPinned(strip, address =>
            pipeline.RenderAnimation(new DecodedPixels(address, strip.LongLength, first.Width, first.Height * shown.Count, first.Bands), delays, first.Plan, choice)) with
        { Labels = Labels(image) };
    }

    /// <summary>A tiled image's whole plane (Total Pixel Matrix Columns × Rows), when it declares one.</summary>
    private static int[]? TotalPixelMatrix(DicomTopLevel? top) =>
        top is not null && top.Number(DicomTopLevel.TotalPixelMatrixColumns) > 0 && top.Number(DicomTopLevel.TotalPixelMatrixRows) > 0
            ? [top.Number(DicomTopLevel.TotalPixelMatrixColumns), top.Number(DicomTopLevel.TotalPixelMatrixRows)]
            : null;

    /// <summary>The instance's UIDs, for the audit trail.</summary>
    private static Dictionary<string, string> Labels(DicomImage image) => new()
    {
        [StudyUidLabel] = image.StudyInstanceUid,
        [SeriesUidLabel] = image.SeriesInstanceUid,
        [SopInstanceUidLabel] = image.SopInstanceUid,
    };

    /// <summary>One frame as 8-bit pixels (grey, or RGB), and the plan for them.</summary>
    private static (byte[] Pixels, int Width, int Height, int Bands, TransformPlan Plan) Display(DicomImage image, int frame, TransformPlan plan)
    {
        if (image.IsMonochrome)
        {
            // A large frame whose output is small: the LUT chain runs on it made smaller by whole
            // blocks first, still at least twice the output's size (a decoder's reduction is enough).
            var shrink = image.Reduction > 0 ? 0 : Math.Max(0, DecodeSize.For(plan).Reduction(image.Width, image.Height, MaxShrinkLevels) - 1);
            var (grey, width, height) = DicomDisplay.Grayscale(image, frame, plan.Window, 1 << shrink);
            return (grey, width, height, 1, Reduced(plan, image.Reduction + shrink, width, height));
        }

        if (image.SamplesPerPixel != 3)
        {
            throw new SourceRejectedException(SourceProblem.Unsupported, $"DICOM images with photometric interpretation {image.Photometric} are not rendered.");
        }

        if (plan.Window is not null)
        {
            throw new SourceRejectedException(SourceProblem.ParameterNotApplicable, $"window: applies to grey-scale images; this one is {image.Photometric}.");
        }

        return (DicomDisplay.Rgb(image, frame), image.Width, image.Height, 3, Reduced(plan, image.Reduction, image.Width, image.Height));
    }

    private static Rendition WithPinned(byte[] pixels, Func<IntPtr, Rendition> render)
    {
        var pinned = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            return render(pinned.AddrOfPinnedObject());
        }
        finally
        {
            pinned.Free();
        }
    }

    /// <summary>The plan for a frame made 2^<paramref name="halvings"/> times smaller: a crop, in the
    /// source's pixels, in the smaller frame's (outward, so nothing asked for is lost).</summary>
    private static TransformPlan Reduced(TransformPlan plan, int halvings, int width, int height)
    {
        if (halvings == 0 || plan.Crop is not { } crop)
        {
            return plan;
        }

        var factor = 1 << halvings;
        var (left, top) = (crop.X / factor, crop.Y / factor);
        var right = Math.Min(width, (crop.X + crop.Width + factor - 1) / factor);
        var bottom = Math.Min(height, (crop.Y + crop.Height + factor - 1) / factor);
        return plan with { Crop = new PixelRect(left, top, Math.Max(1, right - left), Math.Max(1, bottom - top)) };
    }

    /// <summary>A DICOM data set without the 128-byte preamble: it begins with a group 0x0002 or 0x0008
    /// element (little endian), followed either by an explicit VR of two upper-case letters or by a
    /// plausible implicit-VR length.</summary>
    private static bool LooksLikeBareDataSet(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8 || head[1] != 0x00 || (head[0] != 0x02 && head[0] != 0x08) || head[3] != 0x00)
        {
            return false;
        }

        var explicitVr = char.IsAsciiLetterUpper((char)head[4]) && char.IsAsciiLetterUpper((char)head[5]);
        var implicitLength = head[4] | (head[5] << 8) | (head[6] << 16) | (head[7] << 24);
        return explicitVr || implicitLength is > 0 and < 0x10000;
    }
}
