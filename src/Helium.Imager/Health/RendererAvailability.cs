using Helium.Imager.Core.Sources;

namespace Helium.Imager.Health;

/// <summary>Whether the helper programs and libraries the kinds of source need are installed, checked
/// once (they do not come and go while the server runs); /readyz reports a missing one by its Debian
/// package.</summary>
internal sealed class RendererAvailability(SourceRenderer sources)
{
    private readonly Lazy<Task<string?>> _check = new(() => sources.CheckAvailableAsync(CancellationToken.None));

    public Task<string?> CheckAsync() => _check.Value;
}
