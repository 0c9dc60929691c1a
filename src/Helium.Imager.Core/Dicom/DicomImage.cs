using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Dicom;

/// <summary>Decoded pixel data with the attributes rendering needs. No patient-identifying attribute
/// is read into it.</summary>
public sealed record DicomImage
{
    public required int Width { get; init; }

    public required int Height { get; init; }

    public required int Frames { get; init; }

    public required int SamplesPerPixel { get; init; }

    public required int BitsAllocated { get; init; }

    public required int BitsStored { get; init; }

    public required bool IsSigned { get; init; }

    /// <summary>After decoding (a palette has already been applied: then RGB).</summary>
    public required string Photometric { get; init; }

    public required string TransferSyntax { get; init; }

    /// <summary>0: interleaved samples, 1: one plane per sample.</summary>
    public required int PlanarConfiguration { get; init; }

    public double RescaleSlope { get; init; } = 1;

    public double RescaleIntercept { get; init; }

    public LookupTable? ModalityLut { get; init; }

    public LookupTable? VoiLut { get; init; }

    public IReadOnlyList<VoiWindow> Windows { get; init; } = [];

    public int? PixelPaddingValue { get; init; }

    /// <summary>Cine timing: Frame Time (0018,1063) in ms, Frame Time Vector (0018,1065), Recommended
    /// Display Frame Rate (0008,2144); see <see cref="CineTiming"/>.</summary>
    public double? FrameTime { get; init; }

    public IReadOnlyList<double> FrameTimeVector { get; init; } = [];

    public double? RecommendedFrameRate { get; init; }

    /// <summary>Study (0020,000D), Series (0020,000E) and SOP Instance (0008,0018) UIDs, for the audit
    /// trail; empty when absent.</summary>
    public string StudyInstanceUid { get; init; } = "";

    public string SeriesInstanceUid { get; init; } = "";

    public string SopInstanceUid { get; init; } = "";

    /// <summary>How many times each side was halved while decoding (a JPEG 2000 resolution level):
    /// <see cref="Width"/> and <see cref="Height"/> are the decoded size, and source coordinates
    /// (a crop) divide by 2^this.</summary>
    public int Reduction { get; init; }

    /// <summary>The 1-based number of the first frame in <see cref="Pixels"/>: 1 when all frames were
    /// decoded, the frame asked for when only that one was.</summary>
    public int FirstFrame { get; init; } = 1;

    /// <summary>The decoded frames from <see cref="FirstFrame"/> on, each <see cref="FrameLength"/>
    /// bytes, little endian.</summary>
    public required byte[] Pixels { get; init; }

    public int FrameLength => Width * Height * SamplesPerPixel * (BitsAllocated / 8);

    public bool IsMonochrome => Photometric.StartsWith("MONOCHROME", StringComparison.Ordinal);

    public ReadOnlySpan<byte> Frame(int oneBased) => oneBased >= FirstFrame && (long)(oneBased - FirstFrame + 1) * FrameLength <= Pixels.LongLength
        ? Pixels.AsSpan((oneBased - FirstFrame) * FrameLength, FrameLength)
        : throw new InvalidOperationException($"Frame {oneBased} was not decoded (frames {FirstFrame} to {FirstFrame - 1 + (Pixels.Length / Math.Max(1, FrameLength))} were).");
}
