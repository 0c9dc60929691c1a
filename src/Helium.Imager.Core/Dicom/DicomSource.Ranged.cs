using System.Buffers.Binary;
using System.Text;
using Helium.Imager.Core.Formats;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;
using Helium.Imager.Core.Sources;
using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Large DICOM objects read by range (<see cref="IRangedSourceKind"/>): the head (<see cref="DicomHead"/>),
/// then only what the answer needs. Native grey frames are read in this process at their computed
/// offset; an encapsulated frame's fragments are found by the Basic or Extended Offset Table, or by the
/// item headers when there is none, and decoded as an object of that one frame; so is a native frame
/// of any other kind (colour, palette). A clip reads the frames it shows; a tiled slide's plane the
/// tiles it shows. Anything else (deflated or big-endian data, a tiled slide without an offset table)
/// is read whole.
/// </summary>
public sealed partial class DicomSource
{
    private const uint ExtendedOffsetTable = 0x7FE0_0001;
    private const uint ExtendedOffsetTableLengths = 0x7FE0_0002;
    private const string RleLossless = "1.2.840.10008.1.2.5";
    private const uint BitsAllocated = 0x0028_0100;
    private const uint PerFrameFunctionalGroups = 0x5200_9230;

    private readonly FragmentIndex _fragments = new();

    /// <summary>What a head read by range needs: the native frame's attributes, the tiled plane's
    /// size and organisation, and whether an Extended Offset Table is there.</summary>
    private static readonly Dictionary<uint, string> HeadAttributes = new(NativeGreyFrame.Attributes)
    {
        [DicomTopLevel.DimensionOrganizationType] = "CS",
        [DicomTopLevel.TotalPixelMatrixColumns] = "UL",
        [DicomTopLevel.TotalPixelMatrixRows] = "UL",
        [ExtendedOffsetTable] = "OV",
        [ExtendedOffsetTableLengths] = "OV",
    };

    /// <summary>An encapsulated multi-frame object's frame starts, by its offset table or a walk of all
    /// its item headers (<see cref="EncapsulatedFragments.IndexAsync"/>). Native frames lie at offsets
    /// computed from the head, and a tiled slide's tiles are found by its table: nothing to learn.</summary>
    public async Task<bool> TryIndexRangedAsync(ISourceRanges source, byte[] head, CancellationToken cancellationToken)
    {
        if (await DicomHead.ReadAsync(source, head, HeadAttributes, cancellationToken) is not var (top, bytes)
            || top.PixelData is not { Length: < 0 } pixelData
            || top.Text(DicomTopLevel.DimensionOrganizationType) == "TILED_FULL")
        {
            return false;
        }

        var frames = top.Number(DicomTopLevel.NumberOfFrames);
        return frames > 1 && await EncapsulatedFragments.IndexAsync(source, pixelData.Offset, frames, _fragments, cancellationToken, ExtendedOffsets(top, bytes));
    }

    public async Task<Rendition?> TryRenderRangedAsync(ISourceRanges source, byte[] head, TransformPlan plan, FormatChoice choice, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await DicomHead.ReadAsync(source, head, HeadAttributes, cancellationToken) is not var (top, bytes) || top.PixelData is not { } pixelData)
        {
            return null;
        }

        if (pixelData.Length < 0 && plan.Frame is null && top.Text(DicomTopLevel.DimensionOrganizationType) == "TILED_FULL")
        {
            return plan.AllFrames ? null : await SlideByRangeAsync(source, top, bytes, plan, choice, cancellationToken);
        }

        if (pixelData.Length < 0 && plan.AllFrames)
        {
            return await ClipOfFramesAsync(top, frame => EncapsulatedFrameAsync(source, top, bytes, frame, DecodeSize.Full, timeout, cancellationToken), plan, choice);
        }

        if (pixelData.Length < 0)
        {
            return await EncapsulatedFrameAsync(source, top, bytes, plan.Frame ?? 1, DecodeSize.For(plan), timeout, cancellationToken) is not { } decoded
                ? null
                : await Task.Run(() => RenderFrame(decoded, plan, choice, frame: 1), CancellationToken.None);
        }

        if (NativeGreyFrame.Locate(top, plan.AllFrames ? 1 : plan.Frame ?? 1, limits.MaxSourcePixels) is not { } located
            || pixelData.Length < (plan.AllFrames ? located.Length * located.Image.Frames : located.Offset + located.Length))
        {
            if (plan.AllFrames)
            {
                return await ClipOfFramesAsync(top, frame => NativeFrameAsync(source, top, bytes, frame, DecodeSize.Full, timeout, cancellationToken), plan, choice);
            }

            return await NativeFrameAsync(source, top, bytes, plan.Frame ?? 1, DecodeSize.For(plan), timeout, cancellationToken) is not { } other
                ? null
                : await Task.Run(() => RenderFrame(other, plan, choice, frame: 1), CancellationToken.None);
        }

        if (plan.AllFrames)
        {
            return await ClipByRangeAsync(source, pixelData.Offset, located.Image, located.Length, plan, choice, cancellationToken);
        }

        var samples = await source.ReadAsync(pixelData.Offset + located.Offset, checked((int)located.Length), cancellationToken);
        if (samples.Length != located.Length)
        {
            return null;
        }

        var image = NativeGreyFrame.Reduce(located.Image, samples, DecodeSize.For(plan));
        return await Task.Run(() => RenderFrame(image, plan, choice), CancellationToken.None);
    }

    /// <summary><c>info=true</c>: of a grey image from the head alone; of a colour one from the head
    /// and its first frame.</summary>
    public async Task<SourceDescription?> TryDescribeRangedAsync(ISourceRanges source, byte[] head, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await DicomHead.ReadAsync(source, head, HeadAttributes, cancellationToken) is not var (top, bytes))
        {
            return null;
        }

        if (top.PixelData is { Length: < 0 })
        {
            // A grey image's attributes are in its head; anything else is described from frame 1, decoded.
            if (NativeGreyFrame.ImageOf(top, 1, limits.MaxSourcePixels) is { } attributes)
            {
                return Describe(attributes, top.TransferSyntax, TotalPixelMatrix(top));
            }

            var frames = Math.Max(1, top.Number(DicomTopLevel.NumberOfFrames));
            return await EncapsulatedFrameAsync(source, top, bytes, 1, DecodeSize.Full, timeout, cancellationToken) is { } first
                ? Describe(first with { Frames = frames }, top.TransferSyntax, TotalPixelMatrix(top))
                : null;
        }

        if (NativeGreyFrame.Locate(top, 1, limits.MaxSourcePixels) is { } located)
        {
            return Describe(located.Image, top.TransferSyntax, TotalPixelMatrix(top));
        }

        return await NativeFrameAsync(source, top, bytes, 1, DecodeSize.Full, timeout, cancellationToken) is { } frame
            ? Describe(frame with { Frames = Math.Max(1, top.Number(DicomTopLevel.NumberOfFrames)) }, top.TransferSyntax, TotalPixelMatrix(top))
            : null;
    }

    /// <summary>The frames the clip shows (<see cref="CineTiming.Sample"/>), each read by range at
    /// full size, as the whole object's decode would give them; the pixel limit counts every frame of
    /// the object, as it does then.</summary>
    private async Task<Rendition> ClipByRangeAsync(ISourceRanges source, long pixelData, DicomImage image, long frameLength, TransformPlan plan, FormatChoice choice, CancellationToken cancellationToken)
    {
        DicomDecoder.RequireWithinPixels(image.Width, image.Height, image.Frames, limits.MaxSourcePixels);
        var shown = new Dictionary<int, DicomImage>();
        foreach (var frame in CineTiming.Sample(CineTiming.Delays(image), limits.MaxAnimationFrames).Frames)
        {
            var samples = await source.ReadAsync(pixelData + (frame * frameLength), checked((int)frameLength), cancellationToken);
            shown[frame + 1] = image with { FirstFrame = frame + 1, Pixels = samples };
        }

        return await Task.Run(() => RenderClip(image, frame => shown[frame], plan, choice), CancellationToken.None);
    }

    /// <summary>The frames a clip shows (compressed, or native frames the server does not read itself),
    /// each read by range and decoded at full size as an object of its own by <paramref name="decode"/>,
    /// as the whole object's decode gives them. Frame 1 first: its decode carries the timing (Frame
    /// Time, Frame Time Vector, frame rate) the sampling needs; the pixel limit counts every frame of
    /// the object, as it does then. Null when a frame cannot be read by range.</summary>
    private async Task<Rendition?> ClipOfFramesAsync(DicomTopLevel top, Func<int, Task<DicomImage?>> decode, TransformPlan plan, FormatChoice choice)
    {
        var frames = Math.Max(1, top.Number(DicomTopLevel.NumberOfFrames));
        if (await decode(1) is not { } first)
        {
            return null;
        }

        var clip = first with { Frames = frames };
        DicomDecoder.RequireWithinPixels(clip.Width, clip.Height, frames, limits.MaxSourcePixels);
        var shown = new Dictionary<int, DicomImage> { [1] = first };
        foreach (var frame in CineTiming.Sample(CineTiming.Delays(clip), limits.MaxAnimationFrames).Frames.Where(frame => frame > 0))
        {
            if (await decode(frame + 1) is not { } decoded)
            {
                return null;
            }

            shown[frame + 1] = decoded with { FirstFrame = frame + 1 };
        }

        return await Task.Run(() => RenderClip(clip, frame => shown[frame], plan, choice), CancellationToken.None);
    }

    /// <summary>The plane of a tiled whole-slide image (<see cref="WholeSlide"/>) from the tiles it shows:
    /// with <c>crop</c> only those under the region, each row of them one read (a row's tiles lie one
    /// after another), laid out as the plane's part they cover. Needs an offset table; null without
    /// one, or when the tiles are not one fragment each.</summary>
    private async Task<Rendition?> SlideByRangeAsync(ISourceRanges source, DicomTopLevel top, byte[] head, TransformPlan plan, FormatChoice choice, CancellationToken cancellationToken)
    {
        if (WholeSlide.LayoutOf(top) is not { } layout
            || await EncapsulatedFragments.FrameStartsAsync(source, top.PixelData!.Value.Offset, layout.Columns * layout.Rows, ExtendedOffsets(top, head), cancellationToken) is not { } starts)
        {
            return null;
        }

        var (tileWidth, tileHeight) = (layout.TileWidth, layout.TileHeight);
        var (left, upper, right, lower) = plan.Crop is { } crop
            ? (crop.X / tileWidth, crop.Y / tileHeight, Math.Min(layout.Columns, ((crop.X + crop.Width - 1) / tileWidth) + 1), Math.Min(layout.Rows, ((crop.Y + crop.Height - 1) / tileHeight) + 1))
            : (0, 0, layout.Columns, layout.Rows);
        if (left >= right || upper >= lower)
        {
            return null; // a region off the plane: the whole object's render says so
        }

        var tiles = new List<byte[]>();
        for (var row = upper; row < lower; row++)
        {
            var (from, to) = ((row * layout.Columns) + left, (row * layout.Columns) + right);
            if (await EncapsulatedFragments.ItemsAsync(source, starts[from], to < starts.Length ? starts[to] : null, cancellationToken) is not { } items || items.Count != to - from)
            {
                return null;
            }

            tiles.AddRange(items);
        }

        var part = new JpegMosaic(tiles, tileWidth, tileHeight, right - left,
            Math.Min(layout.Width - (left * tileWidth), (right - left) * tileWidth), Math.Min(layout.Height - (upper * tileHeight), (lower - upper) * tileHeight));
        var shifted = plan.Crop is { } region ? plan with { Crop = region with { X = region.X - (left * tileWidth), Y = region.Y - (upper * tileHeight) } } : plan;
        return await Task.Run(() => RenderSlide(part, shifted, choice), CancellationToken.None);
    }

    /// <summary>Frame <paramref name="frame"/> of encapsulated pixel data, decoded as an object of its
    /// own: the head with Number of Frames made 1, an empty Basic Offset Table, that frame's
    /// fragments. Null when its fragments cannot be told apart by range.</summary>
    private async Task<DicomImage?> EncapsulatedFrameAsync(ISourceRanges source, DicomTopLevel top, byte[] head, int frame, DecodeSize size, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var frames = Math.Max(1, top.Number(DicomTopLevel.NumberOfFrames));
        if (frame > frames)
        {
            throw new SourceRejectedException(SourceProblem.PageOutOfRange, $"frame: {frame} is beyond the last frame of this image ({frames}).");
        }

        if (await EncapsulatedFragments.ReadAsync(source, top.PixelData!.Value.Offset, frame, frames, top.TransferSyntax, _fragments, cancellationToken, ExtendedOffsets(top, head)) is not { } fragments)
        {
            return null;
        }

        if (fragments.Count > 1 && top.TransferSyntax != RleLossless)
        {
            // A JPEG, JPEG-LS or JPEG 2000 frame over several fragments is their concatenation: as one,
            // it is decoded as any other frame is (reduced while decoding where the encoding allows).
            fragments = [[.. fragments.SelectMany(fragment => fragment)]];
        }

        if (fragments.Count == 1 && JpegGreyFrame.Image(top, frame, limits.MaxSourcePixels) is { } attributes
            && JpegGreyFrame.Decode(attributes, fragments[0], size, pipeline) is { } jpeg)
        {
            // As the object of that one frame would be decoded.
            return jpeg with { Frames = 1, FirstFrame = 1 };
        }

        using var file = OneFrameHead(top, head);
        WriteItem(file, []);
        foreach (var fragment in fragments)
        {
            WriteItem(file, fragment);
        }

        Span<byte> delimiter = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(delimiter, 0xE0DD_FFFE);
        file.Write(delimiter);
        return await reader.ReadAsync(file.ToArray(), 1, size, timeout, cancellationToken);

        static void WriteItem(Stream stream, byte[] value)
        {
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0xE000_FFFE);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
            stream.Write(header);
            stream.Write(value);
        }
    }

    /// <summary>Frame <paramref name="frame"/> of native data the server does not read itself (colour,
    /// palette, grey that GDCM rescales its own way): its bytes at their computed offset, decoded by
    /// GDCM as an object of that one frame. Null where frames are not whole bytes of one size (1 bit
    /// a sample, YBR 4:2:2 or 4:2:0), for enhanced images (their per-frame attributes are the whole
    /// object's), or when the data is shorter than its frames.</summary>
    private async Task<DicomImage?> NativeFrameAsync(ISourceRanges source, DicomTopLevel top, byte[] head, int frame, DecodeSize size, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var frames = Math.Max(1, top.Number(DicomTopLevel.NumberOfFrames));
        var (width, height, samples, bits) = (top.Number(DicomTopLevel.Columns), top.Number(DicomTopLevel.Rows), top.Number(DicomTopLevel.SamplesPerPixel), top.Number(BitsAllocated));
        if (top.TransferSyntax is not ("1.2.840.10008.1.2" or "1.2.840.10008.1.2.1") || samples is not (1 or 3) || bits is not (8 or 16)
            || width < 1 || height < 1 || top.Text(DicomTopLevel.Photometric).Contains("_42", StringComparison.Ordinal) || top.Items.ContainsKey(PerFrameFunctionalGroups))
        {
            return null;
        }

        if (frame > frames)
        {
            throw new SourceRejectedException(SourceProblem.PageOutOfRange, $"frame: {frame} is beyond the last frame of this image ({frames}).");
        }

        DicomDecoder.RequireWithinPixels(width, height, 1, limits.MaxSourcePixels);
        var frameLength = (long)width * height * samples * (bits / 8);
        if (top.PixelData is not { } pixelData || pixelData.Length < frames * frameLength)
        {
            return null;
        }

        var bytes = await source.ReadAsync(pixelData.Offset + ((frame - 1) * frameLength), checked((int)frameLength), cancellationToken);
        if (bytes.Length != frameLength)
        {
            return null;
        }

        using var file = OneFrameHead(top, head);
        BinaryPrimitives.WriteUInt32LittleEndian(file.GetBuffer().AsSpan((int)file.Length - 4), (uint)frameLength); // Pixel Data's length
        file.Write(bytes);
        return await reader.ReadAsync(file.ToArray(), 1, size, timeout, cancellationToken);
    }

    /// <summary>The Extended Offset Table's value in the head, when there is one. (The cast matters: a
    /// bare null would become an empty Memory, which is a table of no frames.)</summary>
    private static ReadOnlyMemory<byte>? ExtendedOffsets(DicomTopLevel top, byte[] head) =>
        top.Places.TryGetValue(ExtendedOffsetTable, out var table) ? head.AsMemory(table.Offset, table.Length) : (ReadOnlyMemory<byte>?)null;

    /// <summary>The head up to the Pixel Data value, as the head of an object of one frame: Number of
    /// Frames made 1 (padded to its length, so that no length before it changes), the Extended Offset
    /// Table left out (it describes the whole object; its elements are explicit VR, OV: 12-byte
    /// headers).</summary>
    private static MemoryStream OneFrameHead(DicomTopLevel top, byte[] head)
    {
        var file = new MemoryStream();
        var copied = 0;
        foreach (var (offset, length) in new[] { ExtendedOffsetTable, ExtendedOffsetTableLengths }.Where(top.Places.ContainsKey).Select(tag => top.Places[tag]).OrderBy(place => place.Offset))
        {
            file.Write(head, copied, offset - 12 - copied);
            copied = offset + length;
        }

        file.Write(head, copied, top.PixelData!.Value.Offset - copied);
        if (top.Places.TryGetValue(DicomTopLevel.NumberOfFrames, out var count))
        {
            Encoding.ASCII.GetBytes("1".PadRight(count.Length)).CopyTo(file.GetBuffer().AsSpan(count.Offset, count.Length));
        }

        return file;
    }
}
