using System.Runtime.CompilerServices;
using Helium.Imager.Core.Raster;

namespace Helium.Imager.Tests;

/// <summary>
/// The tests decode the server's renditions and make reference images with ImageMagick, in the process
/// that hosts the servers under test. ImageMagick takes one policy a process, the first one set; so
/// this process sets, before any server starts, the server's deny-by-default policy with the coders
/// the references need allowed as well. The server's own policy is checked as text by
/// MagickHardeningTests and run unchanged by the tests that start the installed executable.
/// </summary>
internal static class ReferenceImagePolicy
{
    [ModuleInitializer]
    internal static void AllowTheReferenceFormats() => MagickHardening.Initialize(MagickHardening.PolicyAllowing(
        ["JPEG", "JPG", "PNG", "PNG8", "PNG24", "PNG32", "PNG48", "PNG64", "GIF", "GIF87", "WEBP", "AVIF", "HEIC", "HEIF",
         "TIFF", "TIF", "PNM", "PPM", "PGM", "PBM", "PAM", "JP2", "J2K", "JPC", "JXL", "BMP", "BMP2", "BMP3"],
        "read|write"));
}
