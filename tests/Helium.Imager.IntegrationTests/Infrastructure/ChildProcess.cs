using System.Diagnostics;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>A program the tests run to its end (promtool, kubectl, a language's interpreter, an
/// install script): its exit code and everything it wrote, stdout then stderr.</summary>
public static class ChildProcess
{
    public static async Task<(int Code, string Output)> RunAsync(IReadOnlyList<string> command, string? workingDirectory = null, IEnumerable<KeyValuePair<string, string>>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` leaves MSBuild's own variables in its children's environment; a nested
        // `dotnet run` must find its SDK afresh.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{command[0]} is missing: tests/run-all.sh installs it ({e.Message})", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{string.Join(' ', command)} ran longer than {timeout ?? TimeSpan.FromMinutes(3)}");
            }

            return (process.ExitCode, await output + await errors);
        }
    }
}
