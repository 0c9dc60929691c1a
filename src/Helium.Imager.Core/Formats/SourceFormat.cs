using Helium.Imager.Core.Transforms;

namespace Helium.Imager.Core.Formats;

/// <summary>
/// A kind of file this server decodes, recognized from its content (never from the key or the stored
/// Content-Type). Each source kind declares its own formats and their signatures.
/// </summary>
/// <param name="Name">Lower-case and stable: the <c>type</c> of <c>?info=true</c> and the metrics label.</param>
/// <param name="Title">How people name it, in messages.</param>
/// <param name="MediaType">Its content type, for pass-through of files whose extension it names.</param>
/// <param name="Extensions">File name extensions, with the dot.</param>
public sealed record SourceFormat(string Name, string Title, string MediaType, params string[] Extensions)
{
    /// <summary>The output format browsers show it as, used when no format is asked for; null when
    /// browsers cannot show it (then JPEG, or PNG for an image with transparency).</summary>
    public ImageFormat? ShownAs { get; init; }

    public override string ToString() => Name;
}
