using Helium.Imager.Core.Sources;
using Microsoft.AspNetCore.StaticFiles;

namespace Helium.Imager.Stores.FileSystem;

internal static class ContentTypes
{
    /// <summary>ASP.NET Core's extension map, plus the extensions of every format the server's source
    /// kinds read (DICOM, AVIF, HEIC, JPEG 2000, JPEG XL are not in it).</summary>
    public static FileExtensionContentTypeProvider Create(SourceRenderer sources)
    {
        var provider = new FileExtensionContentTypeProvider();
        foreach (var format in sources.Formats)
        {
            foreach (var extension in format.Extensions)
            {
                provider.Mappings[extension] = format.MediaType;
            }
        }

        return provider;
    }
}
