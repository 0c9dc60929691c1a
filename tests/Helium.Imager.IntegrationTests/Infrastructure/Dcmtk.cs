using System.ComponentModel;
using System.Diagnostics;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>dcmtk's renderers (Debian package dcmtk), the independent reference for DICOM output.</summary>
public static class Dcmtk
{
    /// <summary>Re-encodes a fixture (or a file, given by its full path) with a dcmtk converter
    /// (dcmconv, dcmcjpeg, dcmcrle, …) and returns the new file: transfer syntaxes no fixture has.</summary>
    public static async Task<byte[]> ConvertAsync(string tool, string fixture, params string[] options)
    {
        var output = Path.Combine(Path.GetTempPath(), $"helium-dcmtk-{Guid.NewGuid():N}.dcm");
        try
        {
            await RunAsync(tool, [.. options, Path.IsPathRooted(fixture) ? fixture : Fixture.Path(fixture), output]);
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>A copy of a file with attributes changed by dcmodify (its options, e.g. "-i", "(0028,0004)=MONOCHROME1").</summary>
    public static async Task<byte[]> ModifyAsync(byte[] file, params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"helium-dcmtk-{Guid.NewGuid():N}.dcm");
        try
        {
            await File.WriteAllBytesAsync(path, file);
            await RunAsync("dcmodify", ["-nb", .. options, path]);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Renders a fixture (or a file, given by its full path) to PNG with the given dcmtk tool and options.</summary>
    public static async Task<byte[]> RenderAsync(string tool, string fixture, params string[] options)
    {
        var output = Path.Combine(Path.GetTempPath(), $"helium-dcmtk-{Guid.NewGuid():N}.png");
        try
        {
            await RunAsync(tool, ["+on", .. options, Path.IsPathRooted(fixture) ? fixture : Fixture.Path(fixture), output]);
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task RunAsync(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var errors = await process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0 && File.Exists(arguments[^1]), $"{tool} {string.Join(' ', arguments)} failed: {errors}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed: apt-get install -y dcmtk", e);
        }
    }
}
