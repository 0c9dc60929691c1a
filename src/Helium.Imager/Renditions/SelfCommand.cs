using Helium.Imager.Core.Dicom;

namespace Helium.Imager.Renditions;

internal static class SelfCommand
{
    /// <summary>This server's own program, for child processes that run one of its verbs: the
    /// executable itself when it runs as one (the self-contained install has no <c>dotnet</c>), else
    /// <c>dotnet Helium.Imager.dll</c> (also when a test host loaded the assembly).</summary>
    public static WorkerCommand Create()
    {
        // Compared by whole file name: "Helium.Imager" has no extension, but would seem to have one.
        var assembly = typeof(SelfCommand).Assembly.Location;
        var process = Environment.ProcessPath;
        var program = Path.GetFileName(process);
        if (process is not null && (program == Path.GetFileNameWithoutExtension(assembly) || program == Path.GetFileNameWithoutExtension(assembly) + ".exe"))
        {
            return new(process, []);
        }

        var dotnet = process is not null && program is "dotnet" or "dotnet.exe" ? process : "dotnet";
        return new(dotnet, [assembly]);
    }
}
