using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Helium.Imager.Core.Processes;

/// <summary>
/// Starts a helper under a memory ceiling: util-linux's <c>prlimit --data</c> sets RLIMIT_DATA, the
/// kernel's bound on a process's writable memory (heap and private mappings), before the program
/// starts, so a decoder that a file drives to allocate without end fails its allocation and ends, and
/// its request is a 422. (Not RLIMIT_AS: the .NET runtime reserves far more address space than it
/// uses. Not RLIMIT_CPU: helpers live for many requests, and the wall-clock budget stops a runaway
/// one first.)
/// </summary>
public static class MemoryCeiling
{
    private const int RlimitData = 2; // Linux

    /// <summary>This process's own ceiling (RLIMIT_DATA), or null when it has none.</summary>
    public static long? OfThisProcess() =>
        OperatingSystem.IsLinux() && getrlimit(RlimitData, out var limit) == 0 && limit.Current < long.MaxValue ? (long)limit.Current : null;

    public static ProcessStartInfo Under(long bytes, string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("prlimit");
        foreach (var argument in Arguments(bytes, program, arguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>prlimit's arguments for the program under the ceiling (for callers that run it themselves).</summary>
    public static string[] Arguments(long bytes, string program, IEnumerable<string> arguments) =>
        [$"--data={bytes.ToString(CultureInfo.InvariantCulture)}", "--", program, .. arguments];

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out Limit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct Limit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
