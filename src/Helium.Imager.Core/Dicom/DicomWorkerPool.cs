using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

using Helium.Imager.Core.Problems;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// Long-lived <see cref="DicomWorker"/> processes, one request at a time each. Starting a process per
/// decode costs about 220 ms; a warm worker costs a line of IPC. A worker that dies or overruns the
/// deadline is killed and replaced, so a malformed file ends its own request (422 or 504), never the
/// server. At most <c>maxIdle</c> idle workers are kept.
/// </summary>
public sealed class DicomWorkerPool(WorkerCommand command, string gluePath, long maxPixels, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<Worker> _idle = [];

    public async Task<DicomImage> DecodeAsync(string folder, int frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var worker = _idle.TryTake(out var warm) && !warm.Process.HasExited ? warm : Start();
        string? answer;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                await worker.Process.StandardInput.WriteLineAsync(DicomWorker.Request(folder, frame).AsMemory(), deadline.Token);
                await worker.Process.StandardInput.FlushAsync(deadline.Token);
                answer = await worker.Process.StandardOutput.ReadLineAsync(deadline.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                worker.Kill();
                cancellationToken.ThrowIfCancellationRequested();
                if (e is IOException)
                {
                    throw Failed();
                }

                throw new TimeoutException($"Decoding the DICOM file took longer than {timeout.TotalSeconds:0.#} s; the decoder was stopped.");
            }
        }

        if (answer is null)
        {
            worker.Kill();
            throw Failed();
        }

        Return(worker);
        return answer switch
        {
            "ok" => DicomWorker.ReadResult(folder),
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

    public void Dispose()
    {
        while (_idle.TryTake(out var worker))
        {
            worker.Kill();
        }
    }

    private void Return(Worker worker)
    {
        if (_idle.Count < maxIdle)
        {
            _idle.Add(worker);
        }
        else
        {
            worker.Kill();
        }
    }

    private Worker Start()
    {
        var start = new ProcessStartInfo(command.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments.Append(DicomWorker.Verb).Append(gluePath).Append(maxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start) ?? throw new Win32Exception($"{command.Program} did not start.");

            // GDCM's own complaints go to stderr; drain it so a chatty file cannot block the worker.
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            return new Worker(process);
        }
        catch (Win32Exception e)
        {
            throw new RendererUnavailableException($"The DICOM decoding process '{command.Program}' could not start.", e);
        }
    }

    private static SourceRejectedException Failed() =>
        new(SourceProblem.Corrupt, "The DICOM decoder failed on this file; it is damaged or uses an encoding GDCM cannot read.");

    private sealed record Worker(Process Process)
    {
        public void Kill()
        {
            try
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            Process.Dispose();
        }
    }
}
