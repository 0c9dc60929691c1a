using Helium.Imager.Addressing;

namespace Helium.Imager.Stores;

/// <summary>Serves an object unchanged, with Range and conditional requests as the store's own.</summary>
public interface IPassThrough
{
    Task ServeAsync(HttpContext context, ObjectAddress address);
}
