using System.ComponentModel;
using Helium.Imager.Core.Pdf;
using Helium.Imager.Core.Rendering;

namespace Helium.Imager.Core.Dicom;

/// <summary>How to start the decoding child process: a program and the arguments before the folder.</summary>
public sealed record WorkerCommand(string Program, IReadOnlyList<string> Arguments);

/// <summary>
/// Reads DICOM sources for rendering. With a <see cref="WorkerCommand"/> (the server's setting) every
/// decode runs in a child process, so that an abort inside GDCM, which Debian builds with assertions
/// enabled, ends that one request with 422 instead of the server; without one it decodes in-process.
/// </summary>
public sealed class DicomReader(string gluePath = GdcmRuntime.DefaultGluePath, WorkerCommand? worker = null)
{
    public string? CheckAvailable() => GdcmRuntime.EnsureLoaded(gluePath);

    public async Task<DicomImage> ReadAsync(byte[] source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (CheckAvailable() is { } missing)
        {
            throw new RendererUnavailableException(missing);
        }

        if (DicomTruncation.DeclaresMoreThanPresent(source))
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "The DICOM file is truncated or lies about its length: its pixel data is shorter than declared.");
        }

        var folder = Directory.CreateTempSubdirectory("helium-dicom-");
        try
        {
            var path = Path.Combine(folder.FullName, "source.dcm");
            await File.WriteAllBytesAsync(path, source, cancellationToken);
            if (worker is null)
            {
                return await Task.Run(() => DicomDecoder.Decode(path, gluePath), CancellationToken.None);
            }

            BoundedProcess.Result result;
            try
            {
                result = await BoundedProcess.RunAsync(worker.Program, [.. worker.Arguments, folder.FullName, gluePath], timeout, cancellationToken);
            }
            catch (Win32Exception e)
            {
                throw new RendererUnavailableException($"The DICOM decoding process '{worker.Program}' could not start.", e);
            }

            return result.ExitCode switch
            {
                0 => DicomWorker.ReadResult(folder.FullName),
                DicomWorker.RejectedExitCode => throw new SourceRejectedException(SourceProblem.Corrupt, Sanitize(result.StandardError)),
                DicomWorker.UnavailableExitCode => throw new RendererUnavailableException(Sanitize(result.StandardError)),
                _ => throw new SourceRejectedException(SourceProblem.Corrupt, $"The DICOM decoder failed on this file (exit {result.ExitCode}); it is damaged or uses an encoding GDCM cannot read."),
            };
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The worker's own message: one line, bounded (it never includes file contents).</summary>
    private static string Sanitize(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "The DICOM file cannot be decoded.";
        return line.Length <= 300 ? line : line[..300];
    }
}
