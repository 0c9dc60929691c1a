namespace Helium.Imager.Core.Processes;

/// <summary>Where a program is, as the shell would find it: a path as given, a bare name on the PATH.
/// Used where the program is started through another (stdbuf), which would report a missing one only
/// as an exit code.</summary>
public static class ProgramPath
{
    public static string? Find(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
    }
}
