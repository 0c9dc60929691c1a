using System.Text;
using Helium.Imager.Core.Problems;

namespace Helium.Imager.Core.Pdf;

/// <summary>
/// A page as MuPDF's PAM writer leaves it: a text header (<c>P7</c>, <c>WIDTH</c>, <c>HEIGHT</c>,
/// <c>DEPTH 4</c>, <c>MAXVAL 255</c>, <c>TUPLTYPE RGB_ALPHA</c>, <c>ENDHDR</c>), then the pixels row by
/// row, RGB with straight (not premultiplied) alpha. Only that one shape is accepted: the file comes
/// from our own helper, so anything else means it went wrong.
/// </summary>
public sealed record PamImage(byte[] File, int PixelsAt, int Width, int Height)
{
    public const int Bands = 4;

    private const int MaxHeaderBytes = 256;

    public long PixelBytes => (long)Width * Height * Bands;

    public static PamImage Parse(byte[] file)
    {
        var end = file.AsSpan(0, Math.Min(file.Length, MaxHeaderBytes)).IndexOf("ENDHDR\n"u8);
        if (end < 0)
        {
            throw Broken("no header");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = Encoding.ASCII.GetString(file, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines is not ["P7", ..])
        {
            throw Broken("not P7");
        }

        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(' ', 2);
            fields[parts[0]] = parts.Length > 1 ? parts[1].Trim() : "";
        }

        if (fields.GetValueOrDefault("DEPTH") != "4" || fields.GetValueOrDefault("MAXVAL") != "255" || fields.GetValueOrDefault("TUPLTYPE") != "RGB_ALPHA"
            || !int.TryParse(fields.GetValueOrDefault("WIDTH"), out var width) || !int.TryParse(fields.GetValueOrDefault("HEIGHT"), out var height)
            || width < 1 || height < 1)
        {
            throw Broken("unexpected shape");
        }

        var image = new PamImage(file, end + "ENDHDR\n"u8.Length, width, height);
        if (file.Length - image.PixelsAt < image.PixelBytes)
        {
            throw Broken("short");
        }

        return image;
    }

    private static SourceRejectedException Broken(string what) =>
        new(SourceProblem.Corrupt, "MuPDF could not render this page of the PDF.", new InvalidDataException($"page image from mutool: {what}"));
}
