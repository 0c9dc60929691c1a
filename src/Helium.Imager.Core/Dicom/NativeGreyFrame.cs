using Helium.Imager.Core.Problems;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// One frame of an uncompressed grey DICOM image (MONOCHROME1 or 2, little endian, 8 or 16 bits)
/// read in the server's own process from the bytes already in memory: its samples lie at a computed
/// offset, so neither GDCM nor its worker process (a temporary file each way) is needed. The element
/// walker finds them and checks every length on the way; a large frame is averaged by blocks straight
/// from the source. The result is what <see cref="DicomDecoder"/> gives for the same file (a test
/// compares the two on every kind of file this reads); whatever this does not read the same way GDCM
/// would — compressed or colour data, enhanced images with functional groups, storage classes whose
/// rescale GDCM treats specially (MR, RT Dose) — gives null, and the worker decodes it as before.
/// </summary>
public static class NativeGreyFrame
{
    private const uint SopClassUid = 0x0008_0016;
    private const uint SopInstanceUid = 0x0008_0018;
    private const uint RecommendedFrameRate = 0x0008_2144;
    private const uint FrameTime = 0x0018_1063;
    private const uint FrameTimeVector = 0x0018_1065;
    private const uint StudyInstanceUid = 0x0020_000D;
    private const uint SeriesInstanceUid = 0x0020_000E;
    private const uint BitsAllocated = 0x0028_0100;
    private const uint BitsStored = 0x0028_0101;
    private const uint HighBit = 0x0028_0102;
    private const uint PixelRepresentation = 0x0028_0103;
    private const uint PixelPaddingValue = 0x0028_0120;
    private const uint WindowCenter = 0x0028_1050;
    private const uint WindowWidth = 0x0028_1051;
    private const uint RescaleIntercept = 0x0028_1052;
    private const uint RescaleSlope = 0x0028_1053;
    private const uint VoiLutFunction = 0x0028_1056;
    private const uint ModalityLutSequence = 0x0028_3000;
    private const uint VoiLutSequence = 0x0028_3010;
    private const uint LutDescriptor = 0x0028_3002;
    private const uint LutData = 0x0028_3006;
    private const uint SharedFunctionalGroups = 0x5200_9229;
    private const uint PerFrameFunctionalGroups = 0x5200_9230;

    private static readonly Dictionary<uint, string> Wanted = new()
    {
        [SopClassUid] = "UI",
        [SopInstanceUid] = "UI",
        [RecommendedFrameRate] = "IS",
        [FrameTime] = "DS",
        [FrameTimeVector] = "DS",
        [StudyInstanceUid] = "UI",
        [SeriesInstanceUid] = "UI",
        [DicomTopLevel.SamplesPerPixel] = "US",
        [DicomTopLevel.Photometric] = "CS",
        [DicomTopLevel.NumberOfFrames] = "IS",
        [DicomTopLevel.Rows] = "US",
        [DicomTopLevel.Columns] = "US",
        [BitsAllocated] = "US",
        [BitsStored] = "US",
        [HighBit] = "US",
        [PixelRepresentation] = "US",
        [PixelPaddingValue] = "US",
        [WindowCenter] = "DS",
        [WindowWidth] = "DS",
        [RescaleIntercept] = "DS",
        [RescaleSlope] = "DS",
        [VoiLutFunction] = "CS",
        [ModalityLutSequence] = "SQ",
        [VoiLutSequence] = "SQ",
        [SharedFunctionalGroups] = "SQ",
        [PerFrameFunctionalGroups] = "SQ",
    };

    /// <summary>Storage classes whose top-level Rescale Slope and Intercept GDCM applies: CT, CR, PET
    /// and the secondary captures. Elsewhere it ignores them (MR: a Philips private pair instead) or
    /// reads another attribute (RT Dose: Dose Grid Scaling), so a file of another class that has them
    /// goes to GDCM.</summary>
    private static readonly string[] RescaledClasses =
    [
        "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.128",
        "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.7.2", "1.2.840.10008.5.1.4.1.1.7.3",
    ];

    /// <summary>MR Image Storage and RT Dose Storage: GDCM takes their rescale from elsewhere.</summary>
    private static readonly string[] ClassesLeftToGdcm = ["1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.481.2"];

    /// <summary>The attributes this reads, for a head read by range (<see cref="DicomHead"/>).</summary>
    public static IReadOnlyDictionary<uint, string> Attributes => Wanted;

    /// <summary>Frame <paramref name="frame"/> (1-based), as <see cref="DicomDecoder.Decode"/> would give
    /// it, or null when this file is not one this reads.</summary>
    /// <exception cref="SourceRejectedException">The frame is beyond the last, or too many pixels.</exception>
    public static DicomImage? Read(byte[] file, int frame, DecodeSize size, long maxPixels)
    {
        if (DicomTopLevel.Read(file, Wanted) is not { } top || Locate(top, frame, maxPixels) is not { } located
            || top.PixelData is not { } pixelData || pixelData.Length < located.Offset + located.Length)
        {
            return null; // GDCM's answer to short pixel data stands.
        }

        return Reduce(located.Image, file.AsSpan(pixelData.Offset + (int)located.Offset, (int)located.Length), size);
    }

    /// <summary>Where frame <paramref name="frame"/> lies, counted from the start of the Pixel Data
    /// value, and the image it belongs to (no pixels yet); null when this is not a file this reads.</summary>
    /// <exception cref="SourceRejectedException">The frame is beyond the last, or too many pixels.</exception>
    public static (DicomImage Image, long Offset, long Length)? Locate(DicomTopLevel top, int frame, long maxPixels)
    {
        if (top.PixelData is not { Length: >= 0 } || top.TransferSyntax is not ("1.2.840.10008.1.2" or "1.2.840.10008.1.2.1")
            || ImageOf(top, frame, maxPixels) is not { } image)
        {
            return null;
        }

        var frameLength = (long)image.Width * image.Height * (image.BitsAllocated / 8);
        return (image, (image.FirstFrame - 1) * frameLength, frameLength);
    }

    /// <summary>A grey image's attributes as GDCM's decode gives them, from the top level alone and
    /// whatever the pixel data's encoding (no pixels): what <c>?info=true</c> of a compressed image read
    /// by range needs. Null when the rules here do not cover the file (colour, MR and RT Dose, enhanced
    /// images, other classes carrying Rescale).</summary>
    /// <exception cref="SourceRejectedException">The frame is beyond the last, or too many pixels.</exception>
    public static DicomImage? ImageOf(DicomTopLevel top, int frame, long maxPixels)
    {
        if (top.Items.ContainsKey(SharedFunctionalGroups) || top.Items.ContainsKey(PerFrameFunctionalGroups)
            || Array.IndexOf(ClassesLeftToGdcm, top.Text(SopClassUid)) >= 0
            || (Array.IndexOf(RescaledClasses, top.Text(SopClassUid)) < 0 && (top.Values.ContainsKey(RescaleSlope) || top.Values.ContainsKey(RescaleIntercept))))
        {
            return null;
        }

        var photometric = top.Text(DicomTopLevel.Photometric);
        var (width, height, bits, stored) = (top.Number(DicomTopLevel.Columns), top.Number(DicomTopLevel.Rows), top.Number(BitsAllocated), top.Number(BitsStored));
        var frames = top.Values.ContainsKey(DicomTopLevel.NumberOfFrames) ? top.Number(DicomTopLevel.NumberOfFrames) : 1;
        var representation = top.Number(PixelRepresentation);
        if (photometric is not ("MONOCHROME1" or "MONOCHROME2") || top.Number(DicomTopLevel.SamplesPerPixel) != 1
            || bits is not (8 or 16) || stored < 1 || stored > bits || (top.Values.ContainsKey(HighBit) && top.Number(HighBit) != stored - 1)
            || representation is not (0 or 1) || width < 1 || height < 1 || frames < 1)
        {
            return null;
        }

        var one = frames > 1 ? frame : 1;
        if (one > frames)
        {
            throw new SourceRejectedException(SourceProblem.PageOutOfRange, $"frame: {frame} is beyond the last frame of this image ({frames}).");
        }

        DicomDecoder.RequireWithinPixels(width, height, 1, maxPixels);
        return new DicomImage
        {
            Width = width,
            Height = height,
            Frames = frames,
            FirstFrame = one,
            SamplesPerPixel = 1,
            BitsAllocated = bits,
            BitsStored = stored,
            IsSigned = representation == 1,
            Photometric = photometric,
            TransferSyntax = top.TransferSyntax,
            PlanarConfiguration = 0,
            RescaleSlope = First(top, RescaleSlope) is { } slope and not 0 ? slope : 1,
            RescaleIntercept = First(top, RescaleIntercept) ?? 0,
            Windows = DicomText.Windows(top.Text(WindowCenter), top.Text(WindowWidth), top.Text(VoiLutFunction)),
            PixelPaddingValue = Padding(top, representation),
            FrameTime = First(top, FrameTime),
            FrameTimeVector = DicomText.Numbers(top.Text(FrameTimeVector)),
            RecommendedFrameRate = First(top, RecommendedFrameRate),
            StudyInstanceUid = DicomText.Uid(top.Text(StudyInstanceUid)),
            SeriesInstanceUid = DicomText.Uid(top.Text(SeriesInstanceUid)),
            SopInstanceUid = DicomText.Uid(top.Text(SopInstanceUid)),
            ModalityLut = Lut(top, ModalityLutSequence),
            VoiLut = Lut(top, VoiLutSequence),
            Pixels = [],
        };
    }

    /// <summary>The located frame's stored samples made into the image, averaged by blocks when the
    /// output is much smaller.</summary>
    public static DicomImage Reduce(DicomImage image, ReadOnlySpan<byte> samples, DecodeSize size)
    {
        var halvings = Math.Max(0, size.Reduction(image.Width, image.Height, DicomDecoder.MaxReduction) - 1);
        return halvings > 0 ? BoxShrink.Reduce(image, samples, halvings) : image with { Pixels = samples.ToArray() };
    }

    /// <summary>The table in a LUT sequence's first item, as the decoder reads it.</summary>
    private static LookupTable? Lut(DicomTopLevel top, uint sequence) =>
        top.Items.TryGetValue(sequence, out var item)
            ? LookupTable.FromItem(item.GetValueOrDefault(LutDescriptor), item.GetValueOrDefault(LutData))
            : null;

    /// <summary>Pixel Padding Value: US or SS as the file states in explicit VR; in implicit VR, where
    /// the file does not say, signed when the pixels are (as GDCM reads it).</summary>
    private static int? Padding(DicomTopLevel top, int representation) =>
        !top.Values.ContainsKey(PixelPaddingValue) ? null
        : representation == 1 && top.TransferSyntax == "1.2.840.10008.1.2" ? (short)top.Number(PixelPaddingValue)
        : top.Number(PixelPaddingValue);

    private static double? First(DicomTopLevel top, uint tag) => DicomText.Numbers(top.Text(tag)) is [var first, ..] ? first : null;
}
