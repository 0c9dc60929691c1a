using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Rendering;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Reads DICOM sources for rendering. With a worker pool (the server's setting) every decode runs in a
/// child process, so that an abort inside GDCM, which Debian builds with assertions enabled, ends that
/// one request with 422 instead of the server; without one it decodes in-process. One frame of an
/// uncompressed grey image needs no decoder: <see cref="NativeGreyFrame"/> reads it here; one of a grey
/// JPEG baseline image is decoded here by libvips (<see cref="JpegGreyFrame"/>). A file GDCM refuses,
/// or decodes wrongly, is rewritten by dcmtk (<see cref="DcmtkTranscoder"/>) and decoded again, with
/// the same limits and deadline.
/// </summary>
public sealed class DicomReader(string gluePath, long maxPixels, DicomWorkerPool? workers = null, DcmtkTranscoder? dcmtk = null, IPixelPipeline? jpegDecoder = null)
{
    /// <summary>The <c>frame</c> that asks for every frame.</summary>
    public const int AllFrames = 0;

    public string? CheckAvailable() => GdcmRuntime.EnsureLoaded(gluePath);

    /// <param name="frame">The one frame (1-based) needed; only it is decoded of a multi-frame image.
    /// <see cref="AllFrames"/>: every frame.</param>
    /// <param name="size">How small it may be decoded, where the encoding allows.</param>
    public async Task<DicomImage> ReadAsync(byte[] source, int frame, DecodeSize size, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (CheckAvailable() is { } missing)
        {
            throw new RendererUnavailableException(missing);
        }

        if (DicomStructure.Problem(source) is { } malformed)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, malformed);
        }

        if (frame != AllFrames && NativeGreyFrame.Read(source, frame, size, maxPixels) is { } native)
        {
            return native;
        }

        if (jpegDecoder is not null && (frame == AllFrames ? JpegGreyFrame.ReadAll(source, maxPixels, jpegDecoder) : JpegGreyFrame.Read(source, frame, size, maxPixels, jpegDecoder)) is { } jpeg)
        {
            return jpeg;
        }

        var folder = Directory.CreateTempSubdirectory("helium-dicom-");
        try
        {
            var path = Path.Combine(folder.FullName, "source.dcm");
            await File.WriteAllBytesAsync(path, source, cancellationToken);
            DicomImage image;
            try
            {
                image = await DecodeAsync(folder.FullName, frame, size, timeout, cancellationToken);
            }
            catch (SourceRejectedException refused) when (refused.Problem == SourceProblem.Corrupt && dcmtk is not null)
            {
                if (await ViaDcmtkAsync(folder.FullName, source, frame, size, timeout, cancellationToken) is { } rewritten)
                {
                    return rewritten;
                }

                throw;
            }

            return DcmtkTranscoder.GdcmGetsWrong(image) && dcmtk is not null
                ? await ViaDcmtkAsync(folder.FullName, source, frame, size, timeout, cancellationToken) ?? image
                : image;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private Task<DicomImage> DecodeAsync(string folder, int frame, DecodeSize size, TimeSpan timeout, CancellationToken cancellationToken) =>
        workers is null
            ? Task.Run(() => DicomDecoder.Decode(Path.Combine(folder, "source.dcm"), gluePath, maxPixels, frame == AllFrames ? null : frame, size), CancellationToken.None)
            : workers.DecodeAsync(folder, frame, size, timeout, cancellationToken);

    /// <summary>The file rewritten by dcmtk in place of the source and decoded; null when dcmtk cannot
    /// rewrite it or GDCM still cannot decode the result (the first answer then stands).</summary>
    private async Task<DicomImage?> ViaDcmtkAsync(string folder, byte[] source, int frame, DecodeSize size, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "source.dcm");
        var rewritten = Path.Combine(folder, "dcmtk.dcm");

        // Uncompressed, every frame: at most the pixel limit in 16-bit colour, plus the attributes.
        var maxOutputBytes = (maxPixels * 3 * 2) + source.LongLength + (16L << 20);
        if (!await dcmtk!.TranscodeAsync(path, rewritten, DicomStructure.TransferSyntaxOf(source), maxOutputBytes, timeout, cancellationToken))
        {
            return null;
        }

        File.Move(rewritten, path, overwrite: true);
        try
        {
            return await DecodeAsync(folder, frame, size, timeout, cancellationToken);
        }
        catch (SourceRejectedException again) when (again.Problem == SourceProblem.Corrupt)
        {
            return null;
        }
    }
}
