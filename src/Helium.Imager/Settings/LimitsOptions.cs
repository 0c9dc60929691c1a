namespace Helium.Imager.Settings;

/// <summary>Every bound a client could otherwise push on; each has a safe default.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>The most a transform reads from the store: a source read whole is at most this large;
    /// one read by range (a frame of a large multi-frame DICOM object) reads at most this much (413 beyond).</summary>
    public long MaxSourceBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The largest object a transform is asked of at all (413 beyond): only sources read by
    /// range can be larger than <see cref="MaxSourceBytes"/>.</summary>
    public long MaxObjectBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>Sources larger than this are first read by range (their head, then what the render
    /// needs) where their kind allows it; smaller ones are read whole. bench/ranged-threshold.sh, the
    /// middle frame of native objects from radosgw, by range ÷ whole in two runs: 1.00 and 1.07 at
    /// 1 MiB, 1.30 and 1.31 at 2, 0.85 and 0.64 at 4, 0.52 and 0.75 at 8, 0.10 at 64. 8 MiB, not 4:
    /// a single-frame object (a 6 MB radiograph) gains nothing by range and pays one more request.</summary>
    public long RangedReadAbove { get; set; } = 8L * 1024 * 1024;

    /// <summary>Largest source in pixels, read from the header before decoding (422 beyond).</summary>
    public long MaxSourcePixels { get; set; } = 100_000_000;

    /// <summary>Largest output width or height (400 beyond; dpr is scaled back to it).</summary>
    public int MaxOutputDimension { get; set; } = 4096;

    /// <summary>Transforms computed at once; default: one per core.</summary>
    public int MaxConcurrentTransforms { get; set; } = Environment.ProcessorCount;

    /// <summary>Transforms that may wait for a slot; beyond it 503 with Retry-After.</summary>
    public int QueueLength { get; set; } = 64;

    /// <summary>Render slots one client may hold at once (429 beyond); default: half the slots, at least one.</summary>
    public int? PerClientRenders { get; set; }

    /// <summary>Queue places one client may hold (429 beyond); default: a quarter of the queue.</summary>
    public int? PerClientQueue { get; set; }

    public int EffectivePerClientRenders => PerClientRenders ?? Math.Max(1, MaxConcurrentTransforms / 2);

    public int EffectivePerClientQueue => PerClientQueue ?? (QueueLength + 3) / 4;

    /// <summary>Longest a client waits for a transform, queue included (504 beyond).</summary>
    public TimeSpan TransformTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most one decode in a helper process (DICOM worker, MuPDF, dcmtk) may take; beyond
    /// it the helper is stopped and the request is 422. Apart from the client's own deadline (the
    /// shorter of the two applies).</summary>
    public TimeSpan DecodeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each helper process's memory ceiling (RLIMIT_DATA): a decode that needs more fails, 422.</summary>
    public long DecodeMemoryBytes { get; set; } = 1L << 30;

    /// <summary>Animated GIF/WebP with more frames than this are rendered as their first frame.</summary>
    public int MaxAnimationFrames { get; set; } = 100;

    public static IEnumerable<string> Failures(LimitsOptions options)
    {
        (bool Holds, string Failure)[] rules =
        [
            (options.MaxSourceBytes > 0, "Limits:MaxSourceBytes must be positive."),
            (options.MaxObjectBytes >= options.MaxSourceBytes, "Limits:MaxObjectBytes must be at least Limits:MaxSourceBytes."),
            (options.RangedReadAbove >= 0, "Limits:RangedReadAbove must not be negative."),
            (options.MaxSourcePixels > 0, "Limits:MaxSourcePixels must be positive."),
            (options.MaxOutputDimension is > 0 and <= 16384, "Limits:MaxOutputDimension must be from 1 to 16384."),
            (options.MaxConcurrentTransforms > 0, "Limits:MaxConcurrentTransforms must be at least 1."),
            (options.QueueLength >= 0, "Limits:QueueLength must not be negative."),
            (options.PerClientRenders is null or > 0, "Limits:PerClientRenders must be at least 1."),
            (options.PerClientQueue is null or >= 0, "Limits:PerClientQueue must not be negative."),
            (options.TransformTimeout > TimeSpan.Zero, "Limits:TransformTimeout must be a positive duration such as 00:00:30."),
            (options.MaxAnimationFrames > 0, "Limits:MaxAnimationFrames must be at least 1."),
            (options.DecodeTimeout > TimeSpan.Zero, "Limits:DecodeTimeout must be a positive duration such as 00:00:10."),
            (options.DecodeMemoryBytes >= 128L << 20, "Limits:DecodeMemoryBytes must be at least 134217728 (128 MiB: a helper process's runtime alone needs most of it)."),
        ];
        return rules.Where(rule => !rule.Holds).Select(rule => rule.Failure);
    }
}
