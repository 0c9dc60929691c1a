using Helium.Imager.Core.Sources;

namespace Helium.Imager.Core.Dicom;

/// <summary>
/// The head of a DICOM object read by range: everything before the Pixel Data element's value, read
/// in growing chunks until the element walker (the same length checks as for a whole file) reaches
/// that element's header. Then a frame of native pixel data lies at a computed offset, and only it
/// needs reading.
/// </summary>
public static class DicomHead
{
    /// <summary>Beyond this a head is not looked for further (large private data before the pixels):
    /// the object is read whole, as any other.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The top-level attributes asked for and where the Pixel Data value lies, with the bytes
    /// read up to there (at least up to the value's start), or null when the
    /// object cannot be read by range: not little-endian or deflated, malformed before its pixel data,
    /// a head longer than <see cref="MaxBytes"/>, no pixel data, or native pixel data longer than the
    /// object. Encapsulated pixel data has length -1 (its fragments follow the value's start).
    /// (The whole object then gets the whole file's checks and answers.)</summary>
    /// <param name="first">The object's first bytes.</param>
    public static async Task<(DicomTopLevel Top, byte[] Bytes)?> ReadAsync(ISourceRanges source, byte[] first, IReadOnlyDictionary<uint, string> wanted, CancellationToken cancellationToken)
    {
        var head = first;
        while (true)
        {
            if (DicomTopLevel.ReadHead(head, wanted) is { PixelData: { } pixelData } top)
            {
                return pixelData.Offset + Math.Max(0, pixelData.Length) <= source.Length ? (top, head) : null;
            }

            // Malformed, or cut short by the end of what was read so far: read as much again.
            if (head.Length >= source.Length || head.Length >= MaxBytes)
            {
                return null;
            }

            var more = await source.ReadAsync(head.Length, Math.Min(head.Length, MaxBytes - head.Length), cancellationToken);
            if (more.Length == 0)
            {
                return null;
            }

            head = [.. head, .. more];
        }
    }
}
