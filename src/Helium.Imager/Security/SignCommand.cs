using System.Globalization;
using Helium.Imager.Addressing;
using Helium.Imager.Settings;
using Microsoft.AspNetCore.WebUtilities;

namespace Helium.Imager.Security;

/// <summary>
/// <c>helium-imager sign "/bucket/key?w=200" [--expires-in SECONDS] [--sub VIEWER]</c>: prints the URL
/// signed with the
/// configured Security:SigningKey (settings read as the server reads them: appsettings.json beside the
/// binary, environment variables, command-line --Key=value).
/// </summary>
internal static class SignCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var url = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--expires-in" or "--sub"))).FirstOrDefault();
        var expiresIn = ReadOption(args, "--expires-in");
        var subject = ReadOption(args, "--sub");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray())
            .Build();
        var security = new SecurityOptions();
        SecurityOptions.Bind(configuration, security);

        if (url is null || !url.StartsWith('/'))
        {
            error.WriteLine("usage: sign \"/bucket/key?w=200\" [--expires-in SECONDS] [--sub VIEWER]");
            return 2;
        }

        if (security.Keys.Count == 0)
        {
            error.WriteLine("sign: set Security:SigningKey (or Security__SigningKey) first.");
            return 2;
        }

        var question = url.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? url : url[..question];
        if (!ObjectAddressParser.TryParse(path, out var address, out var problem))
        {
            error.WriteLine($"sign: {problem}");
            return 2;
        }

        var query = QueryPairs.From(QueryHelpers.ParseQuery(question < 0 ? string.Empty : url[question..]));
        if (subject is not null)
        {
            query = [.. query.Where(p => p.Key != UrlSignature.SubjectParameter), KeyValuePair.Create(UrlSignature.SubjectParameter, subject)];
        }

        DateTimeOffset? expires = expiresIn is null ? null : DateTimeOffset.UtcNow.AddSeconds(double.Parse(expiresIn, CultureInfo.InvariantCulture));
        var signed = new UrlSignature(security.Keys, TimeProvider.System).Sign(address, query, expires);
        output.WriteLine($"{path}?{signed}");
        return 0;
    }

    private static string? ReadOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
