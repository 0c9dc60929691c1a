using System.Text;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>A PDF made of the given objects (numbered from 1, the first the catalog), with a correct
/// cross-reference table.</summary>
public static class PdfWriter
{
    public static byte[] Write(params string[] objects)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A one-page PDF of <paramref name="size"/> points square, its left half filled red.</summary>
    public static byte[] SquarePage(double size)
    {
        var side = size.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var half = (size / 2).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var content = $"1 0 0 rg 0 0 {half} {side} re f";
        return Write(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {side} {side}] /Contents 4 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
    }
}
