namespace Helium.Imager.Core.Pdf;

/// <summary>The PDF program, from the <c>Renderers</c> settings section.</summary>
public sealed class PdfSettings
{
    /// <summary><c>Renderers:Ghostscript</c>: the Ghostscript program, a name on the PATH or a path.</summary>
    public string Ghostscript { get; set; } = "gs";
}
