using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helium.Imager.Core.Problems;
using Helium.Imager.Core.Processes;

namespace Helium.Imager.Core.Pdf;

/// <summary>
/// PDF pages drawn by MuPDF (Debian's <c>mutool</c>, AGPL, run as a separate program): warm helper
/// processes running our script (<c>mupdf-worker.js</c>), each answering one request at a time with
/// the page count and the page's size and, in the same step, the page drawn at the size the output
/// needs (<see cref="PageSizing"/>). A process costs 18 ms to start here; a warm one draws a page of
/// pdflatex-4-pages.pdf in about half the time a new process takes. A helper that overruns the
/// deadline or dies is killed with its process tree and replaced (504 or 422); each is retired after
/// <see cref="RequestsPerHelper"/> pages, so MuPDF's caches cannot grow without end. It only ever
/// reads the one file of a request, opened as PDF, in that request's private folder.
/// </summary>
public sealed class MuPdf : IDisposable
{
    public const string Package = "mupdf-tools";

    public const int RequestsPerHelper = 200;

    private readonly string _program;
    private readonly Lazy<string> _script;
    private readonly LineWorkerPool _helpers;

    private readonly long _memoryBytes;

    /// <param name="memoryBytes">Each helper's memory ceiling (<see cref="MemoryCeiling"/>).</param>
    public MuPdf(string program = "mutool", int maxIdle = 2, long memoryBytes = 1L << 30)
    {
        _program = program;
        _memoryBytes = memoryBytes;
        _script = new Lazy<string>(WriteScript);
        _helpers = new LineWorkerPool(StartInfo, maxIdle, RequestsPerHelper);
    }

    /// <summary>The page's size in points as displayed (its /Rotate applied), and how many pages there are.</summary>
    public sealed record PageInfo(int PageCount, double WidthPoints, double HeightPoints);

    /// <summary>A drawn page (RGB and alpha), and how many pixels a point became.</summary>
    public sealed record DrawnPage(PamImage Pixels, double Scale);

    /// <summary>Null when MuPDF runs; otherwise why not, naming the Debian package.</summary>
    public async Task<string?> CheckAvailableAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await BoundedProcess.RunAsync(_program, ["-v"], TimeSpan.FromSeconds(10), cancellationToken);
            return result.ExitCode == 0 ? null : $"MuPDF's mutool failed to start (exit {result.ExitCode}).";
        }
        catch (Exception e) when (e is Win32Exception or TimeoutException)
        {
            return Missing;
        }
    }

    public async Task<PageInfo> DescribeAsync(string pdfPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (info, _) = await AskAsync(pdfPath, 1, "-", [], timeout, cancellationToken);
        return info;
    }

    public async Task<DrawnPage> DrawAsync(string pdfPath, int page, PageSizing sizing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(pdfPath)!;
        var (_, scale) = await AskAsync(pdfPath, page, Path.Combine(folder, "page%d.pam"), sizing.Arguments(), timeout, cancellationToken);
        var output = Path.Combine(folder, "page1.pam");
        if (scale is not { } drawnAt || !File.Exists(output))
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "MuPDF could not render this page of the PDF.");
        }

        return new DrawnPage(PamImage.Parse(await File.ReadAllBytesAsync(output, cancellationToken)), drawnAt);
    }

    public void Dispose()
    {
        _helpers.Dispose();
        if (_script.IsValueCreated)
        {
            Directory.Delete(Path.GetDirectoryName(_script.Value)!, recursive: true);
        }
    }

    private string Missing => $"MuPDF ('{_program}') is not available: PDF sources cannot be rendered. Install the Debian package '{Package}'.";

    private async Task<(PageInfo Info, double? Scale)> AskAsync(string pdfPath, int page, string output, IEnumerable<string> sizing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["pdf"] = pdfPath,
            ["page"] = page,
            ["output"] = output,
            ["sizing"] = new JsonArray([.. sizing.Select(argument => JsonValue.Create(argument))]),
        };
        string? answer;
        try
        {
            answer = await _helpers.AskAsync(request.ToJsonString(), "Drawing the PDF page", timeout, cancellationToken);
        }
        catch (Win32Exception e)
        {
            throw new RendererUnavailableException($"MuPDF is not installed: install the Debian package '{Package}'.", e);
        }

        if (answer is null)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "The PDF is damaged or needed more memory than Limits:DecodeMemoryBytes: MuPDF stopped on it.");
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
            case { } other:
                throw new SourceRejectedException(SourceProblem.Corrupt, "The PDF is damaged: MuPDF could not read it.",
                    new InvalidOperationException($"mutool: {other}: {(root.TryGetProperty("message", out var message) ? message.GetString() : "")}"));
        }

        var info = new PageInfo(root.GetProperty("pages").GetInt32(), root.GetProperty("width").GetDouble(), root.GetProperty("height").GetDouble());
        if (info.WidthPoints <= 0 || info.HeightPoints <= 0)
        {
            throw new SourceRejectedException(SourceProblem.Corrupt, "The PDF is damaged: its page has no size.");
        }

        return (info, root.TryGetProperty("scale", out var scale) ? scale.GetDouble() : null);
    }

    /// <summary>mutool's <c>print</c> does not flush into a pipe, so the helper runs under coreutils'
    /// <c>stdbuf</c> with its standard output line-buffered; mutool itself is found first, since stdbuf
    /// would report a missing one only as an exit code.</summary>
    private ProcessStartInfo StartInfo()
    {
        var mutool = ProgramPath.Find(_program) ?? throw new RendererUnavailableException(Missing);
        return MemoryCeiling.Under(_memoryBytes, "stdbuf", ["-oL", mutool, "run", _script.Value]);
    }

    private static string WriteScript()
    {
        var folder = Directory.CreateTempSubdirectory("helium-mupdf-");
        var path = Path.Combine(folder.FullName, "mupdf-worker.js");
        using var stream = typeof(MuPdf).Assembly.GetManifestResourceStream("Helium.Imager.Core.Pdf.mupdf-worker.js")!;
        using var file = File.Create(path);
        stream.CopyTo(file);
        return path;
    }
}
