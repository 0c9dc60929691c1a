using System.Diagnostics;
using System.Globalization;
using ImageMagick;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>Poppler's <c>pdftoppm</c> (Debian <c>poppler-utils</c>): a PDF renderer independent of the
/// server's, the oracle for page images.</summary>
public static class Pdftoppm
{
    /// <summary>The page drawn on white at eight times <paramref name="width"/> and reduced to it, as
    /// the server draws at a density above the output and reduces.</summary>
    public static MagickImage Render(string pdf, int page, int width)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"helium-oracle-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true };
        foreach (var argument in new[] { "-f", Text(page), "-l", Text(page), "-singlefile", "-png", "-scale-to-x", Text(8 * width), "-scale-to-y", "-1", pdf, prefix })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pdftoppm: {errors}");
        var image = new MagickImage(prefix + ".png");
        File.Delete(prefix + ".png");
        image.Resize(new MagickGeometry((uint)width, 0));
        return image;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
