using Helium.Imager.Core.Dicom;
using Helium.Imager.Core.Transforms;
using Helium.Imager.Diagnostics;
using Helium.Imager.Events;
using Helium.Imager.Health;
using Helium.Imager.Problems;
using Helium.Imager.Renditions;
using Helium.Imager.Routing;
using Helium.Imager.Security;
using Helium.Imager.Settings;
using Helium.Imager.Stores;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Helium.Imager;

/// <summary>Builds and runs the HTTP server. Tests build it the same way, with their own settings.</summary>
public static class HeliumServer
{
    /// <param name="configure">Lets tests add settings or logging before services are registered.</param>
    /// <param name="replace">Lets tests replace registered services (a store that fails on purpose).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? replace = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // One JSON object a line for log collectors (systemd, Kubernetes, Docker: stdout is not a
        // terminal); readable lines for a person at a terminal; Logging:Console:FormatterName decides
        // otherwise. Chosen here because the slim builder's console logger does not read the name.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.FormatterName =
            builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } name ? name
            : Console.IsOutputRedirected ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple);
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

            // Log lines are read by log shippers and people, not embedded in HTML: keep '&' and '>' as they are.
            json.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
        builder.Services.Configure<SimpleConsoleFormatterOptions>(simple =>
        {
            simple.UseUtcTimestamp = true;
            simple.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            simple.SingleLine = true;
        });
        configure?.Invoke(builder);

        Listeners.LimitConnections(builder);
        Listeners.Configure(builder);
        var services = builder.Services;
        services.AddHeliumSettings(builder.Configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HeliumMetrics>();
        services.AddSingleton<AuditTrail>();
        services.AddRenditions(builder.Configuration);
        services.AddBucketEvents(builder.Configuration);
        services.AddStore(builder.Configuration);
        services.AddSingleton<RendererAvailability>();
        services.AddSingleton<StoreReadiness>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton(sp => new UrlSignature(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.Keys, sp.GetRequiredService<TimeProvider>()));
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<CorsOptions>>((cors, settings) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. settings.Value.AllowedOrigins])
                .WithMethods("GET", "HEAD")
                .AllowAnyHeader()
                .WithExposedHeaders("ETag", "Content-Length", "Content-Range", TransformEndpoint.CacheHeader)
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        replace?.Invoke(services);

        var app = builder.Build();

        // Presets are parsed now, so that a broken one stops the server at start-up.
        _ = app.Services.GetRequiredService<TransformParser>();
        TransformGate.ReserveThreads(app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value);
        app.UseClientAddresses();
        app.UseMiddleware<RequestTelemetry>();
        app.UseContentSafety();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = UnexpectedErrors.HandleAsync });
        if (app.Services.GetRequiredService<IOptions<CorsOptions>>().Value.AllowedOrigins.Count > 0)
        {
            app.UseVaryByOrigin();
            app.UseCors();
        }

        app.UseManagementListener();
        app.MapHealth();
        app.MapMetrics();
        app.MapBucketEvents();
        app.Map("/{**path}", ObjectEndpoint.HandleAsync);
        return app;
    }

    /// <summary>Runs until shutdown. A settings error ends the process with exit code 2 and one line on
    /// stderr naming the key, instead of a stack trace.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--version"] or ["version"])
        {
            await Console.Out.WriteLineAsync($"helium-imager {BuildInfo.Version}{(BuildInfo.Commit is { } commit ? $" (commit {commit})" : "")}");
            return 0;
        }

        if (args is ["sign", ..])
        {
            return SignCommand.Run(args[1..], Console.Out, Console.Error);
        }

        if (args is ["cache", ..])
        {
            return await CacheCommand.RunAsync(args[1..], Console.Out, Console.Error);
        }

        if (args is ["render", ..])
        {
            await using var standardOutput = Console.OpenStandardOutput();
            return await RenderCommand.RunAsync(args[1..], standardOutput, Console.Error);
        }

        if (args is ["warm", ..])
        {
            return await WarmCommand.RunAsync(args[1..], Console.Out, Console.Error);
        }

        if (args is [DicomWorker.Verb, var gluePath, var maxPixels])
        {
            return DicomWorker.Run(gluePath, long.Parse(maxPixels, System.Globalization.CultureInfo.InvariantCulture), Console.In, Console.Out);
        }

        WebApplication app;
        try
        {
            app = Build(args);
            await app.StartAsync();
        }
        catch (Exception e) when (SettingsFailures(e) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync($"helium-imager: invalid settings: {string.Join(" ", failures)}");
            return 2;
        }

        var store = app.Services.GetRequiredService<StoreKind>();
        var allowlist = app.Services.GetRequiredService<BucketAllowlist>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HeliumServer));
        Log.Started(logger, BuildInfo.Version, store.Name, allowlist.Explicit.Count);
        if (!store.Local && allowlist.Explicit.Count == 0)
        {
            Log.NoBucketsAllowed(logger);
        }

        if (app.Configuration[SecurityOptions.RetiredSignPassThrough] is not null)
        {
            Log.SignPassThroughRetired(logger);
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>The distinct validation messages in a start-up failure (the host wraps several sections'
    /// failures in an AggregateException); empty when the failure is not about settings.</summary>
    public static IReadOnlyList<string> SettingsFailures(Exception exception) => exception switch
    {
        OptionsValidationException single => single.Failures.Distinct().ToList(),
        AggregateException many when many.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            many.InnerExceptions.SelectMany(inner => ((OptionsValidationException)inner).Failures).Distinct().ToList(),
        _ => [],
    };
}
