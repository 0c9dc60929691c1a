using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Helium.Imager.Core.Processes;

/// <summary>Runs a helper program with a deadline: past it the whole process tree is killed. Output is
/// kept up to a bound, so a program printing without end cannot fill memory.</summary>
internal static class BoundedProcess
{
    private const int MaxCapturedChars = 64 * 1024;

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <exception cref="TimeoutException">The deadline passed; the process was killed.</exception>
    /// <exception cref="Win32Exception">The program is not installed.</exception>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new Win32Exception($"{program} did not start.");
        process.StandardInput.Close();
        var stdout = CaptureAsync(process.StandardOutput);
        var stderr = CaptureAsync(process.StandardError);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0.#} s and was stopped.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> CaptureAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            if (kept.Length < MaxCapturedChars)
            {
                kept.Append(buffer, 0, Math.Min(read, MaxCapturedChars - kept.Length));
            }
        }

        return kept.ToString();
    }
}
