using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>The real server (same Build as Program) on Kestrel at 127.0.0.1 on a free port, spoken to
/// over real HTTP. Log messages are collected so tests can see what the server reported.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, Uri baseAddress, LogCollector logs)
    {
        _app = app;
        BaseAddress = baseAddress;
        Logs = logs;
        Client = ServerClient.For(baseAddress);
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public LogCollector Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Set by a test that provokes a server error on purpose; otherwise an error the server
    /// logs fails the test (or, for a shared server, the test class) when the server is disposed.</summary>
    public bool ServerErrorsExpected { get; set; }

    /// <param name="replace">Services to put in place of the server's own (a store that fails on purpose).</param>
    public static async Task<TestServer> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? replace = null)
    {
        var logs = new LogCollector();
        var app = HeliumServer.Build(
            [],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
                builder.Logging.AddProvider(logs);
            },
            replace);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestServer(app, new Uri(address), logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        var errors = Logs.Errors;
        Assert.True(ServerErrorsExpected || errors.Count == 0, "the server logged errors:\n" + string.Join("\n", errors));
    }
}

public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, string Message)> _entries = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<(int EventId, string Message)> Entries => _entries;

    /// <summary>What the server logged at Error or above, with the exception.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    public ILogger CreateLogger(string categoryName) => new Collector(_entries, _errors);

    public async Task<bool> WaitForAsync(int eventId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_entries.Any(e => e.EventId == eventId))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    public void Dispose()
    {
    }

    private sealed class Collector(ConcurrentQueue<(int, string)> entries, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            entries.Enqueue((eventId.Id, formatter(state, exception)));
            if (logLevel >= LogLevel.Error)
            {
                // A server error is a bug whichever test met it: it fails that test (see DisposeAsync).
                errors.Enqueue($"{formatter(state, exception)} {exception}");
            }
        }
    }
}
