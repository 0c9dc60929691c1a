using Helium.Imager.Core.Rendering;
using ImageMagick;
using ImageMagick.Configuration;

namespace Helium.Imager.Core.Raster;

/// <summary>
/// ImageMagick locked down for untrusted input, once per process, before any other use: every coder is
/// denied but the ones the server hands it (<see cref="MagickDecoder.Coders"/>: the formats libvips lacks
/// here), read only; no delegate (external program) may run, indirect file reads (<c>@file</c>) are
/// refused, and resources are bounded from the Limits settings. The magic-byte allowlist and the
/// named coder already keep other formats away; this is the second wall.
/// ImageMagick's "time" resource is process-wide elapsed time, so it is not set: deadlines are ours.
/// </summary>
public static class MagickHardening
{
    /// <summary>The policy allowing only the server's decoders.</summary>
    public static string Policy { get; } = PolicyAllowing(MagickDecoder.Coders.Values.SelectMany(Aliases), "read");

    private static readonly Lock Gate = new();
    private static bool _initialized;
    private static ulong _area;

    /// <summary>A deny-by-default policy that lets ImageMagick use the named coders (<paramref name="rights"/>:
    /// read, or read|write) and nothing else.</summary>
    public static string PolicyAllowing(IEnumerable<string> coders, string rights) => $$"""
        <policymap>
          <policy domain="delegate" rights="none" pattern="*" />
          <policy domain="coder" rights="none" pattern="*" />
          <policy domain="coder" rights="{{rights}}" pattern="{{{string.Join(",", coders.Distinct())}}}" />
          <policy domain="path" rights="none" pattern="@*" />
        </policymap>
        """;

    /// <summary>Initializes ImageMagick with <paramref name="policy"/> unless it already is: the first
    /// policy in a process stands (ImageMagick reads it once). A process that decodes images for its
    /// own purposes as well (the tests' reference images) sets its policy first.</summary>
    public static void Initialize(string policy)
    {
        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }

            var configuration = ConfigurationFiles.Default;
            configuration.Policy.Data = policy;
            configuration.Delegates.Data = "<delegatemap></delegatemap>";
            MagickNET.Initialize(configuration);
            _initialized = true;
        }
    }

    public static void Apply(RenderLimits limits)
    {
        Initialize(Policy);
        lock (Gate)
        {
            // No single side beyond what a pixel budget could need, a bounded frame list, bounded
            // embedded profiles, and pixel caches in memory only.
            ResourceLimits.Width = 100_000;
            ResourceLimits.Height = 100_000;
            // Process-wide, like all of ImageMagick's limits. A process normally hosts one server; where
            // it hosts several (the tests), the largest budget applies, so that one server's small
            // budget cannot fail another's renders. Each still refuses sources beyond its own
            // Limits:MaxSourcePixels from their headers, before decoding: this is the second wall.
            _area = Math.Max(_area, (ulong)limits.MaxSourcePixels * 4);
            ResourceLimits.Area = _area;
            ResourceLimits.ListLength = 10_000;
            ResourceLimits.MaxProfileSize = 16 * 1024 * 1024;
            ResourceLimits.Disk = 0;
            ResourceLimits.Thread = 1;
        }
    }

    /// <summary>The names ImageMagick's policy knows a coder by (JPEG 2000's codestream is J2K/JPC).</summary>
    private static IEnumerable<string> Aliases(MagickFormat coder) => coder switch
    {
        MagickFormat.Jp2 => ["JP2", "J2K", "JPC"],
        MagickFormat.Bmp => ["BMP", "BMP2", "BMP3"],
        _ => [coder.ToString().ToUpperInvariant()],
    };
}
