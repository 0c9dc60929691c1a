using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>
/// The real executable in its own process, as an operator runs it: for what an in-process server
/// cannot show (its resident memory, its log lines on stdout, what it does on SIGTERM). Settings are
/// passed as command-line arguments; it listens on a free port on 127.0.0.1.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = ServerClient.For(baseAddress);
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public int Id => _process.Id;

    /// <summary>Lines the server wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="environment">Variables added to the process's environment (TMPDIR, to count what
    /// a server leaves in its temporary folder).</param>
    public static async Task<ServerProcess> StartAsync(IDictionary<string, string?> settings, IDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Helium.Imager.dll"), $"--urls=http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        // As the deploy files run it (deploy/debian/helium-imager.service and the others).
        start.Environment["MALLOC_ARENA_MAX"] = "2";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return await StartAsync(start, port);
    }

    /// <summary>An installed executable, with the environment its service manager would give it
    /// (plus ASPNETCORE_URLS for a free port).</summary>
    public static async Task<ServerProcess> StartInstalledAsync(string executable, string workingDirectory, IDictionary<string, string> environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        return await StartAsync(start, port);
    }

    /// <summary>Runs the real executable with these arguments and environment until it exits (a server
    /// that must refuse to start, or a command): its exit code, what it wrote to stderr and to stdout.</summary>
    public static async Task<(int ExitCode, string Errors, string Output)> RunToExitAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        using var process = StartCommand(arguments, environment);
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The server ran on instead of refusing to start: {await output}");
        }

        return (process.ExitCode, await errors, await output);
    }

    /// <summary>Starts the real executable with these arguments (a command), its stdout and stderr
    /// redirected for the caller to read.</summary>
    public static Process StartCommand(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Helium.Imager.dll") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>The command lines of the server's child processes (decoder workers, Ghostscript).</summary>
    public IReadOnlyList<string> ChildCommandLines() => [.. Descendants(_process.Id).Select(child => child.CommandLine)];

    /// <summary>A process's descendants that are still running, with their command lines.</summary>
    public static IEnumerable<(int Pid, string CommandLine)> Descendants(int pid) =>
        Children(pid).Select(child =>
        {
            try
            {
                return (child, File.ReadAllText($"/proc/{child}/cmdline").Replace('\0', ' ').Trim());
            }
            catch (IOException)
            {
                return (child, ""); // It ended in between.
            }
        }).Where(child => child.Item2.Length > 0);

    private static async Task<ServerProcess> StartAsync(ProcessStartInfo start, int port)
    {
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => server.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (await ServerClient.WaitForHealthAsync(server.Client, process))
        {
            return server;
        }

        var output = string.Join('\n', server.Output);
        await server.DisposeAsync();
        throw new InvalidOperationException($"The server did not start: {output}");
    }

    /// <summary>The resident size once it stops falling: the GC and the allocator give memory back
    /// over a few seconds after load ends.</summary>
    public async Task<double> SettledMemoryAsync()
    {
        var last = Memory().Resident;
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(500);
            var now = Memory().Resident;
            if (Math.Abs(now - last) < 1)
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    /// <summary>Resident and peak resident memory in MiB, from /proc (VmRSS, VmHWM), and the resident
    /// memory of its child processes (decoder workers, Ghostscript) added up.</summary>
    public (double Resident, double Peak, double Children) Memory()
    {
        var (resident, peak) = Status(_process.Id);
        var children = Children(_process.Id).Sum(child => Status(child).Resident);
        return (resident, peak, children);
    }

    /// <summary>A process's resident and peak resident memory in MiB (VmRSS, VmHWM); zeros once it has ended.</summary>
    public static (double Resident, double Peak) Status(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            double Field(string name) => status.Where(l => l.StartsWith(name, StringComparison.Ordinal))
                .Select(l => double.Parse(l.Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024)
                .FirstOrDefault();
            return (Field("VmRSS:"), Field("VmHWM:"));
        }
        catch (IOException)
        {
            return (0, 0); // The process ended in between.
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            return [];
        }

        var direct = Directory.GetDirectories(tasks)
            .SelectMany(task => File.Exists(Path.Combine(task, "children")) ? File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
            .Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        return direct.Concat(direct.SelectMany(Children));
    }

    /// <summary>Asks the server to stop as systemd and Kubernetes do, with SIGTERM.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
