namespace Helium.Imager.Core.Pdf;

/// <summary>The PDF program, from the <c>Renderers</c> settings section.</summary>
public sealed class PdfSettings
{
    /// <summary><c>Renderers:MuTool</c>: MuPDF's <c>mutool</c>, a name on the PATH or a path.</summary>
    public string MuTool { get; set; } = "mutool";
}
