using Helium.Imager.Core.Problems;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Reads DICOM sources for rendering. With a worker pool (the server's setting) every decode runs in a
/// child process, so that an abort inside GDCM, which Debian builds with assertions enabled, ends that
/// one request with 422 instead of the server; without one it decodes in-process.
/// </summary>
public sealed class DicomReader(string gluePath, long maxPixels, DicomWorkerPool? workers = null)
{
    public string? CheckAvailable() => GdcmRuntime.EnsureLoaded(gluePath);

    /// <param name="frame">The one frame (1-based) needed; only it is decoded of a multi-frame image.</param>
    public async Task<DicomImage> ReadAsync(byte[] source, int frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (CheckAvailable() is { } missing)
        {
            throw new RendererUnavailableException(missing);
        }

        if (DicomStructure.Problem(source) is { } malformed)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, malformed);
        }

        var folder = Directory.CreateTempSubdirectory("helium-dicom-");
        try
        {
            var path = Path.Combine(folder.FullName, "source.dcm");
            await File.WriteAllBytesAsync(path, source, cancellationToken);
            return workers is null
                ? await Task.Run(() => DicomDecoder.Decode(path, gluePath, maxPixels, frame), CancellationToken.None)
                : await workers.DecodeAsync(folder.FullName, frame, timeout, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
