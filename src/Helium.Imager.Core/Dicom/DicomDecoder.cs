using Helium.Imager.Core.Problems;

using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Dicom;

/// <summary>Decodes DICOM pixel data with GDCM, in this process (every transfer syntax Debian's GDCM
/// reads) and collects the attributes the rendering order needs. Patient attributes are never read.
/// Debian builds GDCM with assertions on, so a malformed stream can abort the process: the server runs
/// this in a <see cref="DicomWorker"/> child process, never in its own.</summary>
public static class DicomDecoder
{
    /// <summary>Decodes the file at <paramref name="path"/>. Separate decodes may run concurrently:
    /// 1,400 parallel decodes of the JPEG, JPEG-LS, JPEG 2000 and RLE fixtures on 4 threads matched the
    /// serial results.</summary>
    /// <param name="maxPixels">The most pixels this decode may produce: the header's Rows, Columns
    /// and Number of Frames size the buffer before a byte is decoded.</param>
    /// <param name="onlyFrame">The one frame (1-based) the caller needs, or null for all: of a
    /// multi-frame image only that frame is decoded (an ultrasound clip of 150 frames is one frame's
    /// work, and one frame counts against <paramref name="maxPixels"/>).</param>
    /// <param name="size">How small the frame may be decoded (JPEG 2000 only; see <see cref="DecodeSize"/>).</param>
    public static DicomImage Decode(string path, string gluePath, long maxPixels, int? onlyFrame = null, DecodeSize? size = null)
    {
        if (GdcmRuntime.EnsureLoaded(gluePath) is { } missing)
        {
            throw new RendererUnavailableException(missing);
        }

        return DecodeLoaded(path, File.ReadAllBytes(path), maxPixels, onlyFrame, size ?? DecodeSize.Full);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DicomImage DecodeLoaded(string path, byte[] source, long maxPixels, int? onlyFrame, DecodeSize size)
    {
        using var reader = new gdcm.ImageReader();
        reader.SetFileName(path);
        if (!reader.Read())
        {
            throw Corrupt("The file is not a DICOM image GDCM can read.");
        }

        var image = reader.GetImage();
        var dataSet = reader.GetFile().GetDataSet();
        var pixelTag = new gdcm.Tag(0x7FE0, 0x0010);
        if (!dataSet.FindDataElement(pixelTag))
        {
            throw Corrupt("The DICOM file has no pixel data.");
        }

        if (DicomTruncation.IsTruncated(source, dataSet.GetDataElement(pixelTag).GetVL().GetValueLength()))
        {
            throw Corrupt("The DICOM file is truncated: its pixel data is shorter than declared.");
        }

        var photometric = image.GetPhotometricInterpretation().GetString().Trim();
        var paletteApplied = photometric == "PALETTE COLOR";
        if (paletteApplied)
        {
            using var palette = new gdcm.ImageApplyLookupTable();
            palette.SetInput(image);
            if (!palette.Apply())
            {
                throw Corrupt("The palette of this PALETTE COLOR image cannot be applied.");
            }

            image = palette.GetOutput();
            photometric = "RGB";
        }

        var format = image.GetPixelFormat();
        var width = (int)image.GetDimension(0);
        var height = (int)image.GetDimension(1);
        var frames = image.GetNumberOfDimensions() > 2 ? (int)image.GetDimension(2) : 1;
        if (width < 1 || height < 1 || frames < 1)
        {
            throw Corrupt("The DICOM image declares no pixels.");
        }

        if (onlyFrame > frames && frames > 1)
        {
            throw new SourceRejectedException(SourceProblem.PageOutOfRange, $"frame: {onlyFrame} is beyond the last frame of this image ({frames}).");
        }

        // One frame of a multi-frame image through GDCM's region reader, which decodes only the
        // fragments of that frame; it gave the same bytes as a full decode for RLE, JPEG, JPEG-LS,
        // JPEG 2000 and native data, and where it cannot (it refuses YBR_FULL_422 native data) or a
        // palette was applied to the whole image, everything is decoded as before.
        var firstFrame = 1;
        var heldFrames = 1;
        var reduction = 0;
        var transferSyntax = image.GetTransferSyntax().GetString().Trim('\0', ' ');
        var bitsAllocated = format.GetBitsAllocated();
        var reduced = Jpeg2000Frames.Contains(transferSyntax) && !paletteApplied && size.Reduction(width, height, MaxReduction) is var levels and > 0
            ? ReadReduced(path, dataSet.GetDataElement(pixelTag), onlyFrame ?? 1, frames, width, height, levels, bitsAllocated, maxPixels)
            : null;
        var native = reduced is null && NativeLittleEndian.Contains(transferSyntax) && !paletteApplied && photometric is "MONOCHROME1" or "MONOCHROME2" or "RGB"
            ? ReadNative(dataSet.GetDataElement(pixelTag), onlyFrame, frames, (long)width * height * format.GetSamplesPerPixel() * (bitsAllocated / 8), bitsAllocated)
            : null;
        var pixels = reduced?.Pixels ?? native ?? (onlyFrame is { } wanted && frames > 1 && !paletteApplied
            ? ReadOneFrame(path, width, height, wanted, photometric, maxPixels)
            : null);
        if (reduced is not null)
        {
            (pixels, width, height, reduction, firstFrame) = (reduced.Pixels, reduced.Width, reduced.Height, reduced.Reduction, onlyFrame ?? 1);
            photometric = photometric is "YBR_ICT" or "YBR_RCT" ? "RGB" : photometric;
        }
        else if (native is not null && frames > 1 && onlyFrame is { } one)
        {
            RequireWithinPixels(width, height, 1, maxPixels);
            (pixels, firstFrame) = (native, one);
        }
        else if (native is not null)
        {
            RequireWithinPixels(width, height, frames, maxPixels);
            (pixels, heldFrames) = (native, frames);
        }
        else if (pixels is not null)
        {
            firstFrame = onlyFrame!.Value;
        }
        else
        {
            RequireWithinPixels(width, height, frames, maxPixels);
            pixels = new byte[image.GetBufferLength()];
            if (!image.GetBuffer(pixels))
            {
                throw Corrupt("GDCM could not decode the pixel data.");
            }

            heldFrames = frames;
        }

        var expected = (long)width * height * heldFrames * format.GetSamplesPerPixel() * (bitsAllocated / 8);
        if (bitsAllocated is not (8 or 16) || pixels.LongLength != expected)
        {
            throw Corrupt($"Unsupported pixel layout ({bitsAllocated} bits allocated, {pixels.LongLength} of {expected} bytes).");
        }

        var tags = new gdcm.StringFilter();
        tags.SetFile(reader.GetFile());
        var littleEndian = !image.GetTransferSyntax().GetString().Trim('\0', ' ').Equals("1.2.840.10008.1.2.2", StringComparison.Ordinal);
        var decoded = new DicomImage
        {
            Width = width,
            Height = height,
            Frames = frames,
            FirstFrame = firstFrame,
            SamplesPerPixel = format.GetSamplesPerPixel(),
            BitsAllocated = bitsAllocated,
            BitsStored = format.GetBitsStored(),
            IsSigned = format.GetPixelRepresentation() == 1,
            Photometric = photometric,
            TransferSyntax = transferSyntax,
            PlanarConfiguration = reduced is null ? (int)image.GetPlanarConfiguration() : 0,
            Reduction = reduction,
            RescaleSlope = image.GetSlope() == 0 ? 1 : image.GetSlope(),
            RescaleIntercept = image.GetIntercept(),
            Windows = ReadWindows(tags),
            PixelPaddingValue = Numbers(tags, 0x0028, 0x0120).Select(v => (int?)v).FirstOrDefault(),
            FrameTime = Numbers(tags, 0x0018, 0x1063).Select(v => (double?)v).FirstOrDefault(),
            FrameTimeVector = Numbers(tags, 0x0018, 0x1065),
            RecommendedFrameRate = Numbers(tags, 0x0008, 0x2144).Select(v => (double?)v).FirstOrDefault(),
            StudyInstanceUid = Uid(tags, 0x0020, 0x000D),
            SeriesInstanceUid = Uid(tags, 0x0020, 0x000E),
            SopInstanceUid = Uid(tags, 0x0008, 0x0018),
            ModalityLut = littleEndian ? ReadLut(dataSet, 0x3000) : null,
            VoiLut = littleEndian ? ReadLut(dataSet, 0x3010) : null,
            Pixels = pixels,
        };

        // A grey frame much larger than the output goes back to the server averaged by whole blocks,
        // at least twice the output's size: a sixteenth of a radiograph's bytes crosses the process
        // boundary, and the LUT chain runs on that.
        var halvings = reduced is null && heldFrames == 1 && decoded.IsMonochrome && decoded.SamplesPerPixel == 1
            ? Math.Max(0, size.Reduction(width, height, MaxReduction) - 1)
            : 0;
        return halvings > 0 ? BoxShrink.Reduce(decoded, halvings) : decoded;
    }

    internal static void RequireWithinPixels(int width, int height, int frames, long maxPixels)
    {
        if ((long)width * height * frames > maxPixels)
        {
            throw new SourceRejectedException(
                SourceProblem.TooManyPixels,
                $"The DICOM image is {width}x{height} with {frames} frame(s) ({(double)width * height * frames / 1_000_000:0.#} MP, all frames decoded); the limit is {maxPixels / 1_000_000.0:0.#} MP.");
        }
    }

    /// <summary>Uncompressed little-endian data, implicit or explicit VR: its bytes are already the
    /// layout the display pipeline reads. (Deflated files arrive inflated: <see cref="DeflatedDicom"/>.)</summary>
    private static readonly string[] NativeLittleEndian = ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"];

    /// <summary>The stored bytes of a native image as they are: all frames, or only
    /// <paramref name="onlyFrame"/> of several. GDCM's own GetBuffer took 78 ms for a 6 MB radiograph
    /// (it rewrites every sample to clear bits above Bits Stored, which the display pipeline masks
    /// anyway); this is a copy. Null when the element holds fewer bytes than the frames need.</summary>
    private static byte[]? ReadNative(gdcm.DataElement pixelData, int? onlyFrame, int frames, long frameLength, int bitsAllocated)
    {
        var value = pixelData.GetByteValue();
        var one = frames > 1 ? onlyFrame : null;
        var needed = (one ?? frames) * frameLength;
        if (value is null || bitsAllocated is not (8 or 16) || frameLength <= 0 || value.GetLength().GetValueLength() < needed || needed > int.MaxValue)
        {
            return null;
        }

        var bytes = new byte[needed];
        value.GetBuffer(bytes, (uint)needed);
        return one is { } frame ? bytes[(int)((frame - 1) * frameLength)..] : bytes;
    }

    /// <summary>JPEG 2000 transfer syntaxes (lossless only, and lossy allowed).</summary>
    private static readonly string[] Jpeg2000Frames = ["1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"];

    /// <summary>The most halvings asked of OpenJPEG: 1/32 of each side.</summary>
    internal const int MaxReduction = 5;

    private sealed record ReducedFrame(byte[] Pixels, int Width, int Height, int Reduction);

    /// <summary>One frame of a JPEG 2000 image decoded at a reduced resolution level, laid out as GDCM
    /// would give it (samples of <paramref name="bitsAllocated"/> bits, little endian, interleaved);
    /// null when the frame is not one codestream in one fragment or not a shape OpenJPEG's reduced path
    /// takes (then GDCM decodes it at full size).</summary>
    private static ReducedFrame? ReadReduced(string path, gdcm.DataElement pixelData, int frame, int frames, int width, int height, int levels, int bitsAllocated, long maxPixels)
    {
        var fragments = pixelData.GetSequenceOfFragments();
        if (fragments is null || fragments.GetNumberOfFragments() != frames || bitsAllocated is not (8 or 16) || (long)width * height > maxPixels)
        {
            return null;
        }

        var value = fragments.GetFragment((uint)frame - 1).GetByteValue();
        if (value is null)
        {
            return null;
        }

        var codestream = new byte[value.GetLength().GetValueLength()];
        value.GetBuffer(codestream, (uint)codestream.Length);
        var codestreamPath = Path.Combine(Path.GetDirectoryName(path)!, "frame.j2k");
        File.WriteAllBytes(codestreamPath, codestream);
        var decoded = Jpeg2000Reduced.Decode(codestreamPath, codestream, width, height, levels);
        if (decoded is null)
        {
            return null;
        }

        var samples = decoded.Components.Length;
        var count = decoded.Width * decoded.Height;
        var bytesPerSample = bitsAllocated / 8;
        var pixels = new byte[count * samples * bytesPerSample];
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < samples; c++)
            {
                var sample = decoded.Components[c][i];
                var at = ((i * samples) + c) * bytesPerSample;
                pixels[at] = (byte)sample;
                if (bytesPerSample == 2)
                {
                    pixels[at + 1] = (byte)(sample >> 8);
                }
            }
        }

        return new ReducedFrame(pixels, decoded.Width, decoded.Height, decoded.Reduction);
    }

    /// <summary>The bytes of one frame, or null when the region reader cannot give them as a full
    /// decode would (then the caller decodes everything).</summary>
    private static byte[]? ReadOneFrame(string path, int width, int height, int frame, string photometric, long maxPixels)
    {
        if ((long)width * height > maxPixels)
        {
            throw new SourceRejectedException(
                SourceProblem.TooManyPixels,
                $"The DICOM image is {width}x{height} ({(double)width * height / 1_000_000:0.#} MP a frame); the limit is {maxPixels / 1_000_000.0:0.#} MP.");
        }

        using var reader = new gdcm.ImageRegionReader();
        reader.SetFileName(path);
        if (!reader.ReadInformation() || reader.GetImage().GetPhotometricInterpretation().GetString().Trim() != photometric)
        {
            return null;
        }

        using var box = new gdcm.BoxRegion();
        box.SetDomain(0, (uint)width - 1, 0, (uint)height - 1, (uint)frame - 1, (uint)frame - 1);
        reader.SetRegion(box);
        var length = reader.ComputeBufferLength();
        var pixels = new byte[length];
        return length > 0 && reader.ReadIntoBuffer(pixels, length) ? pixels : null;
    }

    private static List<VoiWindow> ReadWindows(gdcm.StringFilter tags) =>
        DicomText.Windows(Text(tags, 0x0028, 0x1050), Text(tags, 0x0028, 0x1051), Text(tags, 0x0028, 0x1056));

    private static string Uid(gdcm.StringFilter tags, ushort group, ushort element) => DicomText.Uid(Text(tags, group, element));

    private static List<double> Numbers(gdcm.StringFilter tags, ushort group, ushort element) => DicomText.Numbers(Text(tags, group, element));

    private static string Text(gdcm.StringFilter tags, ushort group, ushort element) => tags.ToString(new gdcm.Tag(group, element));

    /// <summary>The first item of a Modality (0028,3000) or VOI (0028,3010) LUT Sequence: descriptor
    /// (entries, first mapped value, bits) and 16-bit entries.</summary>
    private static LookupTable? ReadLut(gdcm.DataSet dataSet, ushort element)
    {
        var tag = new gdcm.Tag(0x0028, element);
        if (!dataSet.FindDataElement(tag))
        {
            return null;
        }

        var sequence = dataSet.GetDataElement(tag).GetValueAsSQ();
        if (sequence is null || sequence.GetNumberOfItems() == 0)
        {
            return null;
        }

        var item = sequence.GetItem(1).GetNestedDataSet();
        return LookupTable.FromItem(Raw(item, 0x3002), Raw(item, 0x3006));
    }

    private static byte[]? Raw(gdcm.DataSet dataSet, ushort element)
    {
        var tag = new gdcm.Tag(0x0028, element);
        if (!dataSet.FindDataElement(tag))
        {
            return null;
        }

        var value = dataSet.GetDataElement(tag).GetByteValue();
        if (value is null)
        {
            return null;
        }

        var length = value.GetLength().GetValueLength();
        var bytes = new byte[length];
        value.GetBuffer(bytes, length);
        return bytes;
    }

    private static SourceRejectedException Corrupt(string message) => new(SourceProblem.Corrupt, message);
}
