using Helium.Imager.Addressing;
using Helium.Imager.Core.Transforms;
using Helium.Imager.Problems;
using Helium.Imager.Renditions;
using Helium.Imager.Settings;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Helium.Imager;

/// <summary>
/// <c>helium-imager render FILE [QUERY] [-o OUT]</c>: the URL API without a server, for batch jobs and
/// for trying a query before putting it in a URL. The same parameters, presets, defaults, limits and
/// error texts: the problem's status, type and detail on stderr and exit code 1 instead of an HTTP
/// answer. Output to OUT, or to standard output. No query: the file unchanged, as the URL API gives it.
/// </summary>
internal static class RenderCommand
{
    public const string Usage = "usage: render FILE [QUERY] [-o OUT]   (QUERY as in a URL: \"w=300&format=webp\"; OUT: a file, or - for standard output, the default)";

    public static async Task<int> RunAsync(string[] args, Stream standardOutput, TextWriter error)
    {
        var positional = CommandHost.Positional(args);
        var at = Array.IndexOf(positional, "-o");
        var output = at >= 0 && at + 1 < positional.Length ? positional[at + 1] : "-";
        var operands = at >= 0 ? [.. positional[..at], .. positional[Math.Min(positional.Length, at + 2)..]] : positional;
        if (operands is not ([_] or [_, _]) || (at >= 0 && at + 1 >= positional.Length))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        await using var app = await CommandHost.BuildAsync(args, error, typeof(TransformParser), typeof(RenditionRenderer));
        if (app is null)
        {
            return 2;
        }

        var query = operands.Length == 2 ? QueryPairs.From(QueryHelpers.ParseQuery(operands[1].TrimStart('?'))) : [];
        try
        {
            var content = await RenderAsync(app.Services, operands[0], query);
            if (output == "-")
            {
                await standardOutput.WriteAsync(content);
                await standardOutput.FlushAsync();
            }
            else
            {
                await File.WriteAllBytesAsync(output, content);
            }

            return 0;
        }
        catch (Exception e) when (ProblemMapping.Map(e) is var (problem, detail))
        {
            await error.WriteLineAsync($"helium-imager: {problem.Status} {problem.Slug}: {detail}");
            return 1;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"helium-imager: {operands[0]}: {e.Message}");
            return 1;
        }
    }

    private static async Task<byte[]> RenderAsync(IServiceProvider services, string file, List<KeyValuePair<string, string>> query)
    {
        var limits = services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var length = new FileInfo(file).Length;
        if (length > limits.MaxSourceBytes)
        {
            throw new ProblemException(ProblemType.SourceTooLarge, $"The source is {length} bytes; Limits:MaxSourceBytes is {limits.MaxSourceBytes}.");
        }

        var bytes = await File.ReadAllBytesAsync(file);
        if (query.Count == 0)
        {
            return bytes;
        }

        var plan = services.GetRequiredService<TransformParser>().Parse(query);
        using var timeout = new CancellationTokenSource(limits.TransformTimeout);
        return (await services.GetRequiredService<RenditionRenderer>().RenderAsync(bytes, plan, null, timeout.Token)).Content;
    }
}
