using Helium.Imager.Core.Rendering;
using ImageMagick;
using ImageMagick.Configuration;

namespace Helium.Imager.Core.Raster;

/// <summary>
/// ImageMagick locked down for untrusted input, once per process, before any other use: every coder is
/// denied but the formats this server reads and writes, no delegate (external program) may run,
/// indirect file reads (<c>@file</c>) are refused, and resources are bounded from the Limits settings.
/// The magic-byte allowlist already keeps other formats away; this is the second wall.
/// ImageMagick's "time" resource is process-wide elapsed time, so it is not set: deadlines are ours.
/// </summary>
public static class MagickHardening
{
    public const string Policy = """
        <policymap>
          <policy domain="delegate" rights="none" pattern="*" />
          <policy domain="coder" rights="none" pattern="*" />
          <policy domain="coder" rights="read|write" pattern="{JPEG,JPG,PJPEG,PNG,PNG8,PNG24,PNG32,PNG48,PNG64,GIF,GIF87,WEBP,AVIF,HEIC,HEIF,TIFF,TIF,TIFF64,PTIF,JP2,J2K,JPC,JXL,BMP,BMP2,BMP3}" />
          <policy domain="path" rights="none" pattern="@*" />
        </policymap>
        """;

    private static readonly Lock Gate = new();
    private static bool _initialized;
    private static ulong _area;

    public static void Apply(RenderLimits limits)
    {
        lock (Gate)
        {
            if (!_initialized)
            {
                var configuration = ConfigurationFiles.Default;
                configuration.Policy.Data = Policy;
                configuration.Delegates.Data = "<delegatemap></delegatemap>";
                MagickNET.Initialize(configuration);
                _initialized = true;
            }

            // No single side beyond what a pixel budget could need, a bounded frame list (a GIF with
            // millions of frames), bounded embedded profiles, and pixel caches in memory only.
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
}
