using System.ComponentModel;
using System.Globalization;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Processes;

namespace Helium.Imager.Core.Pdf;

/// <summary>
/// Renders one page of a PDF to PNG with Debian's Ghostscript, run as a child process with -dSAFER
/// (no file access beyond its input and output, no command execution), a deadline after which it is
/// killed, and only the one page asked for. A quick first run reads the page count and the page's size,
/// so the density can be chosen from the output size instead of guessed.
/// </summary>
public sealed class PdfRasterizer(string ghostscript = "gs")
{
    public const string Package = "ghostscript";

    /// <summary>The page's MediaBox in points, and how many pages there are.</summary>
    public sealed record PageInfo(int PageCount, double WidthPoints, double HeightPoints);

    /// <summary>Null when Ghostscript runs; otherwise why not, naming the Debian package.</summary>
    public async Task<string?> CheckAvailableAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await BoundedProcess.RunAsync(ghostscript, ["--version"], TimeSpan.FromSeconds(10), cancellationToken);
            return result.ExitCode == 0 ? null : $"Ghostscript failed to start (exit {result.ExitCode}).";
        }
        catch (Exception e) when (e is Win32Exception or TimeoutException)
        {
            return $"Ghostscript ('{ghostscript}') is not available: PDF sources cannot be rendered. Install the Debian package '{Package}'.";
        }
    }

    public async Task<PageInfo> ReadPageInfoAsync(string pdfPath, int page, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // pdfpagecount and pdfgetpage are Ghostscript's own PDF operators; -dSAFER with the one file
        // permitted for reading keeps the PostScript from touching anything else.
        var program = string.Create(CultureInfo.InvariantCulture,
            $"({Escape(pdfPath)}) (r) file runpdfbegin pdfpagecount dup = {page} ge {{ {page} pdfgetpage /MediaBox pget {{ == }} {{ (none) = }} ifelse }} if quit");
        var result = await RunAsync(["-q", "-dNODISPLAY", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dNOPROMPT", $"--permit-file-read={pdfPath}", "-c", program], timeout, cancellationToken);
        ThrowIfProtectedOrBroken(result);

        // Ghostscript exits 0 for files it cannot read and prints its complaints on the same stream, before
        // the answer when it repaired the file: the count is the first line that is a number.
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var countLine = Array.FindIndex(lines, line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        var count = countLine < 0 ? 0 : int.Parse(lines[countLine], CultureInfo.InvariantCulture);
        if (count < 1)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "The PDF is damaged: Ghostscript found no readable pages.");
        }

        if (page > count)
        {
            throw new SourceRejectedException(SourceProblem.PageOutOfRange, $"page: {page} is beyond the last page of this PDF ({count}).");
        }

        var box = lines.Skip(countLine + 1).Where(line => line.StartsWith('[')).Select(ParseBox).FirstOrDefault();
        return box is { } b ? new PageInfo(count, b.Width, b.Height) : new PageInfo(count, 612, 792);
    }

    /// <summary>The page as PNG with alpha (unpainted areas transparent, to be laid on the background).</summary>
    public async Task<byte[]> RenderPageAsync(string pdfPath, int page, int dpi, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetDirectoryName(pdfPath)!, "page.png");
        var result = await RunAsync(
        [
            "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dNOPROMPT", "-sstdout=%stderr",
            "-sDEVICE=pngalpha", $"-r{dpi.ToString(CultureInfo.InvariantCulture)}",
            $"-dFirstPage={page.ToString(CultureInfo.InvariantCulture)}", $"-dLastPage={page.ToString(CultureInfo.InvariantCulture)}",
            "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
            $"-sOutputFile={output}", "-f", pdfPath,
        ], timeout, cancellationToken);
        ThrowIfProtectedOrBroken(result);
        if (!File.Exists(output) || new FileInfo(output).Length == 0)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "Ghostscript could not render this page of the PDF.");
        }

        return await File.ReadAllBytesAsync(output, cancellationToken);
    }

    private async Task<BoundedProcess.Result> RunAsync(string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await BoundedProcess.RunAsync(ghostscript, arguments, timeout, cancellationToken);
        }
        catch (Win32Exception e)
        {
            throw new RendererUnavailableException($"Ghostscript is not installed: install the Debian package '{Package}'.", e);
        }
    }

    private static void ThrowIfProtectedOrBroken(BoundedProcess.Result result)
    {
        var messages = result.StandardError + result.StandardOutput;
        if (messages.Contains("requires a password", StringComparison.OrdinalIgnoreCase)
            || messages.Contains("password", StringComparison.OrdinalIgnoreCase) && messages.Contains("encrypt", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceRejectedException(SourceProblem.Protected, "The PDF is password-protected.");
        }

        if (result.ExitCode != 0)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "Ghostscript could not read the PDF.");
        }
    }

    private static (double Width, double Height)? ParseBox(string line)
    {
        var numbers = line.Trim('[', ']', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN)
            .ToArray();
        if (numbers.Length != 4 || numbers.Any(double.IsNaN))
        {
            return null;
        }

        var width = Math.Abs(numbers[2] - numbers[0]);
        var height = Math.Abs(numbers[3] - numbers[1]);
        return width >= 1 && height >= 1 ? (width, height) : null;
    }

    /// <summary>A PostScript string literal: backslashes and parentheses escaped.</summary>
    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
}
