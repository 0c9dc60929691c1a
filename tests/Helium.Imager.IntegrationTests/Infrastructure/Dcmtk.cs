using System.ComponentModel;
using System.Diagnostics;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>dcmtk's renderers (Debian package dcmtk), the independent reference for DICOM output.</summary>
public static class Dcmtk
{
    /// <summary>Renders a fixture to PNG with the given dcmtk tool and options.</summary>
    public static async Task<byte[]> RenderAsync(string tool, string fixture, params string[] options)
    {
        var output = Path.Combine(Path.GetTempPath(), $"helium-dcmtk-{Guid.NewGuid():N}.png");
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("+on");
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        start.ArgumentList.Add(Fixture.Path(fixture));
        start.ArgumentList.Add(output);
        try
        {
            using var process = Process.Start(start)!;
            var errors = await process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0 && File.Exists(output), $"{tool} failed on {fixture}: {errors}");
            return await File.ReadAllBytesAsync(output);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed: apt-get install -y dcmtk", e);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
