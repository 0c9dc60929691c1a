using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Helium.Imager.Addressing;
using Helium.Imager.Problems;
using Helium.Imager.Renditions;
using Helium.Imager.Settings;
using Helium.Imager.Stores;
using Microsoft.Extensions.Options;

namespace Helium.Imager;

/// <summary>
/// <c>helium-imager warm BUCKET[/PREFIX] --preset NAME … [--concurrency N]</c>: renders presets of
/// every object under the prefix into the cache, as requests for them would, so that the first view
/// is a hit. What is cached already is skipped (one HEAD and one cache lookup), so a run that was
/// interrupted (Ctrl-C, SIGTERM: renders under way finish and their writes land) continues where it
/// stopped when run again. Progress on stderr (a bar at a terminal, a line every five seconds
/// otherwise), a summary on stdout; exit code 1 when anything failed, 130 when interrupted.
/// </summary>
internal static class WarmCommand
{
    public const string Usage = "usage: warm BUCKET[/PREFIX] --preset NAME [--preset NAME …] [--concurrency N]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var positional = CommandHost.Positional(args);
        var presets = Values(positional, "--preset");
        var concurrencyGiven = Values(positional, "--concurrency");
        var concurrency = concurrencyGiven is [var n] && int.TryParse(n, CultureInfo.InvariantCulture, out var c) && c is > 0 and <= 64 ? c : (int?)null;
        var target = positional.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var slash = target?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var (bucket, prefix) = target is null ? ("", "") : slash < 0 ? (target, "") : (target[..slash], target[(slash + 1)..]);
        if (!BucketNames.IsValid(bucket) || presets.Count == 0 || (concurrencyGiven.Count > 0 && concurrency is null))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        await using var app = await CommandHost.BuildAsync(args, error, typeof(TransformService), typeof(ISourceStore), typeof(BucketAllowlist));
        if (app is null)
        {
            return 2;
        }

        var known = Presets.Read(app.Services.GetRequiredService<IConfiguration>());
        if (presets.FirstOrDefault(preset => !known.ContainsKey(preset)) is { } unknown)
        {
            await error.WriteLineAsync($"helium-imager: '{unknown}' is not a preset (Presets:{unknown}).");
            return 2;
        }

        if (!app.Services.GetRequiredService<BucketAllowlist>().Allows(bucket))
        {
            await error.WriteLineAsync($"helium-imager: bucket '{bucket}' is not in Buckets:Allowed.");
            return 2;
        }

        using var interrupted = new CancellationTokenSource();
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; interrupted.Cancel(); });
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; interrupted.Cancel(); });

        var keys = new List<string>();
        await foreach (var key in app.Services.GetRequiredService<ISourceStore>().ListAsync(bucket, prefix, interrupted.Token))
        {
            keys.Add(key);
        }

        var work = keys.SelectMany(key => presets.Select(preset => (Source: new ObjectAddress(bucket, key), Preset: preset))).ToList();
        var tally = new Tally(work.Count, error);
        var slots = concurrency ?? app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxConcurrentTransforms;
        var transforms = app.Services.GetRequiredService<TransformService>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, slots).Select(worker => Task.Run(async () =>
        {
            // Each worker is a client of its own to the render gate's fair share.
            var client = $"warm-{worker}";
            int item;
            while (!interrupted.IsCancellationRequested && (item = Interlocked.Increment(ref next)) < work.Count)
            {
                tally.Add(await WarmAsync(transforms, work[item].Source, work[item].Preset, client));
            }
        })));

        // Renditions are written after they are rendered: let the last writes land before exiting.
        await app.Services.GetRequiredService<PendingWrites>().StoppedAsync(CancellationToken.None);
        tally.Finish();
        await output.WriteLineAsync(tally.Summary(keys.Count, presets.Count, interrupted.IsCancellationRequested));
        return interrupted.IsCancellationRequested ? 130 : tally.Failed > 0 ? 1 : 0;
    }

    /// <summary>"rendered", "skipped", or the problem's type.</summary>
    private static async Task<string> WarmAsync(TransformService transforms, ObjectAddress source, string preset, string client)
    {
        try
        {
            // Not the command's interruption: a render under way finishes, so that its work is kept.
            var outcome = await transforms.RunAsync(source, [KeyValuePair.Create("preset", preset)], client, null, null, CancellationToken.None);
            if (outcome is TransformOutcome.Hit hit)
            {
                await hit.Cached.DisposeAsync();
                return Tally.Skipped;
            }

            return Tally.Rendered;
        }
        catch (Exception e) when (ProblemMapping.Map(e) is var (problem, _))
        {
            return problem.Slug;
        }
    }

    private static List<string> Values(string[] args, string option) =>
        [.. args.Select((arg, i) => (arg, i)).Where(pair => pair.arg == option && pair.i + 1 < args.Length).Select(pair => args[pair.i + 1])];

    /// <summary>Counts by outcome, and the progress shown while they grow.</summary>
    private sealed class Tally(int total, TextWriter error)
    {
        public const string Rendered = "rendered";
        public const string Skipped = "skipped";

        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly bool _terminal = !Console.IsErrorRedirected;
        private TimeSpan _shown = TimeSpan.Zero;
        private int _done;

        public int Failed { get; private set; }

        public void Add(string outcome)
        {
            lock (_counts)
            {
                _counts[outcome] = _counts.GetValueOrDefault(outcome) + 1;
                _done++;
                Failed += outcome is Rendered or Skipped ? 0 : 1;
                var due = _terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);
                if (_clock.Elapsed - _shown >= due || _done == total)
                {
                    _shown = _clock.Elapsed;
                    Show();
                }
            }
        }

        public void Finish()
        {
            if (_terminal)
            {
                error.WriteLine();
            }
        }

        public string Summary(int objects, int presets, bool interrupted)
        {
            var failures = _counts.Where(count => count.Key is not (Rendered or Skipped)).OrderBy(count => count.Key, StringComparer.Ordinal).Select(count => $"{count.Key} {count.Value}");
            var head = string.Create(CultureInfo.InvariantCulture,
                $"warm: {(interrupted ? "interrupted after" : "done:")} {_done} of {total} renditions ({objects} objects × {presets} presets) in {_clock.Elapsed.TotalSeconds:0.0} s: ");
            return head + $"rendered {_counts.GetValueOrDefault(Rendered)}, skipped {_counts.GetValueOrDefault(Skipped)} (cached), failed {Failed}"
                + (Failed > 0 ? $" ({string.Join(", ", failures)})" : "");
        }

        private void Show()
        {
            var rate = _done / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
            var left = rate > 0 ? TimeSpan.FromSeconds((total - _done) / rate) : TimeSpan.Zero;
            var counts = string.Create(CultureInfo.InvariantCulture, $"{_done}/{total}, {rate:0.0}/s, ETA {left:h\\:mm\\:ss}, rendered {_counts.GetValueOrDefault(Rendered)}, skipped {_counts.GetValueOrDefault(Skipped)}, failed {Failed}");
            if (_terminal)
            {
                var filled = total == 0 ? 30 : 30 * _done / total;
                error.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {counts}");
            }
            else
            {
                error.WriteLine($"warm: {counts}");
            }
        }
    }
}
