using Microsoft.AspNetCore.StaticFiles;

namespace Helium.Imager.Storage;

internal static class ContentTypes
{
    /// <summary>ASP.NET Core's extension map plus the types this server's users store that it lacks.</summary>
    public static FileExtensionContentTypeProvider Create()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".dcm"] = "application/dicom";
        provider.Mappings[".dicom"] = "application/dicom";
        provider.Mappings[".avif"] = "image/avif";
        provider.Mappings[".heic"] = "image/heic";
        provider.Mappings[".jxl"] = "image/jxl";
        provider.Mappings[".jp2"] = "image/jp2";
        return provider;
    }
}
