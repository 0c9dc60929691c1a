namespace Helium.Imager;

/// <summary>
/// What the commands (<c>cache</c>, <c>render</c>, <c>warm</c>) share: the server's services built
/// from the same settings the server reads (appsettings.json, environment variables, and
/// <c>--Key=value</c> arguments), nothing listened on, and bad settings reported as the server reports
/// them (one line, exit code 2).
/// </summary>
internal static class CommandHost
{
    /// <summary>The server's services with <paramref name="required"/> resolved (which checks their
    /// settings); null, after one line on <paramref name="error"/>, when the settings are bad.</summary>
    public static async Task<WebApplication?> BuildAsync(string[] args, TextWriter error, params Type[] required)
    {
        // Log lines go to stderr: stdout carries the command's result (render writes an image there).
        var app = HeliumServer.Build(["--Logging:Console:LogToStandardErrorThreshold=Trace", .. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))]);
        try
        {
            foreach (var type in required)
            {
                app.Services.GetRequiredService(type);
            }

            return app;
        }
        catch (Exception e) when (HeliumServer.SettingsFailures(e) is { Count: > 0 } failures)
        {
            await error.WriteLineAsync($"helium-imager: invalid settings: {string.Join(" ", failures)}");
            await app.DisposeAsync();
            return null;
        }
    }

    /// <summary>The arguments that are not settings (<c>--Key=value</c>).</summary>
    public static string[] Positional(string[] args) => [.. args.Where(a => !(a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)))];
}
