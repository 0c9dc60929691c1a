using Helium.Imager.Core.Dicom;
using Helium.Imager.Core.Pdf;

namespace Helium.Imager.Health;

/// <summary>Whether the helper programs renderers need are installed, checked once (they do not come
/// and go while the server runs); /readyz reports a missing one by its Debian package.</summary>
internal sealed class RendererAvailability(PdfRasterizer pdf, DicomReader dicom)
{
    private readonly Lazy<Task<string?>> _check = new(async () => await pdf.CheckAvailableAsync(CancellationToken.None) ?? dicom.CheckAvailable());

    public Task<string?> CheckAsync() => _check.Value;
}
