using System.ComponentModel;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Processes;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Long-lived <see cref="DicomWorker"/> processes (a <see cref="LineWorkerPool"/>), one request at a
/// time each. Starting a process per decode costs about 220 ms; a warm worker costs a line of IPC. A
/// worker that dies or overruns the deadline is killed and replaced, so a malformed file ends its own
/// request (422 or 504), never the server.
/// </summary>
public sealed class DicomWorkerPool(WorkerCommand command, string gluePath, long maxPixels, int maxIdle, long memoryBytes = DicomWorkerPool.DefaultMemoryBytes) : IDisposable
{
    public const long DefaultMemoryBytes = 1L << 30;

    private readonly LineWorkerPool _workers = new(
        () => MemoryCeiling.Under(memoryBytes, command.Program, [.. command.Arguments, DicomWorker.Verb, gluePath, maxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
        maxIdle);

    public async Task<DicomImage> DecodeAsync(string folder, int frame, DecodeSize size, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? answer;
        try
        {
            answer = await _workers.AskAsync(DicomWorker.Request(folder, frame, size), "Decoding the DICOM file", timeout, cancellationToken);
        }
        catch (Win32Exception e)
        {
            throw new RendererUnavailableException($"The DICOM decoding process '{command.Program}' could not start.", e);
        }

        return answer switch
        {
            "ok" => DicomWorker.ReadResult(folder),
            null => throw Failed(),
            _ when answer.StartsWith("rejected ", StringComparison.Ordinal) => throw Rejected(answer["rejected ".Length..]),
            _ when answer.StartsWith("unavailable ", StringComparison.Ordinal) => throw new RendererUnavailableException(answer["unavailable ".Length..]),
            _ => throw Failed(),
        };
    }

    private static SourceRejectedException Rejected(string answer)
    {
        var (problem, message) = answer.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? (answer[..space], answer[(space + 1)..]) : (answer, "");
        return Enum.TryParse<SourceProblem>(problem, out var known)
            ? new SourceRejectedException(known, message)
            : new SourceRejectedException(SourceProblem.Corrupt, answer);
    }

    public void Dispose() => _workers.Dispose();

    private static SourceRejectedException Failed() =>
        new(SourceProblem.Corrupt, "The DICOM decoder stopped on this file: it is damaged, uses an encoding GDCM cannot read, or needed more memory than Limits:DecodeMemoryBytes.");
}
