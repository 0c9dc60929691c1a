using NetVips;

namespace Helium.Imager.Core.Pixels;

/// <summary>
/// libvips locked down for untrusted input, once per process, before any other use: the loaders
/// libvips marks untrusted are blocked, and so is every loader this server never chooses (it always
/// names the loader for the format its own signature check found, but a block holds even if a caller
/// errs); the operation cache is off (one-off renders gain nothing from it and it holds memory); each
/// render runs on Renderers:VipsThreads threads (one by default, since renders already run side by
/// side up to Limits:MaxConcurrentTransforms); libvips's warnings about damaged files are not printed
/// (the loaders are asked to fail on truncation, which turns the ones that matter into errors).
/// </summary>
public static class VipsRuntime
{
    private static readonly string[] NeverChosen =
    [
        "VipsForeignLoadSvg", "VipsForeignLoadMatrix", "VipsForeignLoadCsv", "VipsForeignLoadVips",
        "VipsForeignLoadPpm", "VipsForeignLoadRad", "VipsForeignLoadUhdr", "VipsForeignLoadJp2k",
        "VipsForeignLoadJxl", "VipsForeignLoadPdf", "VipsForeignLoadMagick", "VipsForeignLoadFits",
        "VipsForeignLoadOpenexr", "VipsForeignLoadOpenslide", "VipsForeignLoadAnalyze",
    ];

    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <param name="threads">Threads for one render; process-wide, like every libvips setting (the
    /// largest asked for wins where one process hosts several servers, as the tests do).</param>
    public static void Apply(int threads = 1)
    {
        lock (Gate)
        {
            if (_initialized)
            {
                NetVips.NetVips.Concurrency = Math.Max(NetVips.NetVips.Concurrency, threads);
                return;
            }

            NetVips.NetVips.BlockUntrusted = true;
            foreach (var loader in NeverChosen.Where(name => NetVips.NetVips.TypeFromName(name) != IntPtr.Zero))
            {
                // A loader missing from this build has nothing to block.
                Operation.Block(loader, true);
            }

            Cache.Max = 0;
            Cache.MaxMem = 0;
            Cache.MaxFiles = 0;
            NetVips.NetVips.Concurrency = threads;
            Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning | Enums.LogLevelFlags.Message | Enums.LogLevelFlags.Info | Enums.LogLevelFlags.Debug, (_, _, _) => { });
            _initialized = true;
        }
    }
}
