using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Processes;

namespace Helium.Imager.Core.Pdf;

/// <summary>
/// One page of a PDF drawn by MuPDF (Debian's <c>mutool</c>, AGPL, run as a separate program), in one
/// short process that reads the page count and the page's size and draws the page at the size the
/// output needs (<see cref="PageSizing"/>): no second run, no density guessed. The process gets a
/// deadline after which its tree is killed, runs in the request's private temporary folder, and is
/// only ever given the one file, opened as PDF.
/// </summary>
public sealed class MuPdf(string program = "mutool")
{
    public const string Package = "mupdf-tools";

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(MuPdf).Assembly.GetManifestResourceStream("Helium.Imager.Core.Pdf.mupdf-page.js")!;
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>The page's size in points as displayed (its /Rotate applied), and how many pages there are.</summary>
    public sealed record PageInfo(int PageCount, double WidthPoints, double HeightPoints);

    /// <summary>A drawn page: PNG with alpha, and how many pixels a point became.</summary>
    public sealed record DrawnPage(PageInfo Info, byte[] Png, double Scale);

    /// <summary>Null when MuPDF runs; otherwise why not, naming the Debian package.</summary>
    public async Task<string?> CheckAvailableAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await BoundedProcess.RunAsync(program, ["-v"], TimeSpan.FromSeconds(10), cancellationToken);
            return result.ExitCode == 0 ? null : $"MuPDF's mutool failed to start (exit {result.ExitCode}).";
        }
        catch (Exception e) when (e is Win32Exception or TimeoutException)
        {
            return $"MuPDF ('{program}') is not available: PDF sources cannot be rendered. Install the Debian package '{Package}'.";
        }
    }

    public async Task<PageInfo> DescribeAsync(string pdfPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (info, _) = await RunAsync(pdfPath, 1, "-", [], timeout, cancellationToken);
        return info;
    }

    public async Task<DrawnPage> DrawAsync(string pdfPath, int page, PageSizing sizing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetDirectoryName(pdfPath)!, "page.png");
        var (info, scale) = await RunAsync(pdfPath, page, output, sizing.Arguments(), timeout, cancellationToken);
        if (scale is not { } drawnAt || !File.Exists(output) || new FileInfo(output).Length == 0)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "MuPDF could not render this page of the PDF.");
        }

        return new DrawnPage(info, await File.ReadAllBytesAsync(output, cancellationToken), drawnAt);
    }

    private async Task<(PageInfo Info, double? Scale)> RunAsync(string pdfPath, int page, string output, IEnumerable<string> sizing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetDirectoryName(pdfPath)!, "page.js");
        await File.WriteAllTextAsync(script, Script.Value, cancellationToken);
        BoundedProcess.Result result;
        try
        {
            result = await BoundedProcess.RunAsync(program, ["run", script, pdfPath, page.ToString(CultureInfo.InvariantCulture), output, .. sizing], timeout, cancellationToken);
        }
        catch (Win32Exception e)
        {
            throw new RendererUnavailableException($"MuPDF is not installed: install the Debian package '{Package}'.", e);
        }

        // MuPDF repairs what it can (warnings on stderr, exit 0); what it cannot read ends the script
        // with an error and no answer.
        var answer = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(line => line.StartsWith('{'));
        if (result.ExitCode != 0 || answer is null)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "The PDF is damaged: MuPDF could not read it.",
                new InvalidOperationException($"mutool exited {result.ExitCode}: {result.StandardError.Trim()}"));
        }

        using var json = JsonDocument.Parse(answer);
        var root = json.RootElement;
        switch (root.TryGetProperty("error", out var error) ? error.GetString() : null)
        {
            case "password":
                throw new SourceRejectedException(SourceProblem.Protected, "The PDF is password-protected.");
            case "empty":
                throw new SourceRejectedException(SourceProblem.Corrupt, "The PDF is damaged: MuPDF found no readable page.");
            case "page":
                throw new SourceRejectedException(SourceProblem.PageOutOfRange, $"page: {page} is beyond the last page of this PDF ({root.GetProperty("pages").GetInt32()}).");
        }

        var info = new PageInfo(root.GetProperty("pages").GetInt32(), root.GetProperty("width").GetDouble(), root.GetProperty("height").GetDouble());
        if (info.PageCount < 1 || info.WidthPoints <= 0 || info.HeightPoints <= 0)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "The PDF is damaged: MuPDF found no readable page.");
        }

        return (info, root.TryGetProperty("scale", out var scale) ? scale.GetDouble() : null);
    }
}
