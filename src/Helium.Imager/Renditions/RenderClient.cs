using System.Net;
using System.Net.Sockets;

namespace Helium.Imager.Renditions;

/// <summary>
/// Who shares one render quota: the client's address (the one a known proxy forwarded, once the
/// forwarded-headers middleware has run). IPv6 clients are grouped by their /64, the block one
/// subscriber gets and can draw any number of addresses from.
/// </summary>
internal static class RenderClient
{
    /// <summary>Work no client waits for (renders asked for by bucket events): the gate gives it a slot
    /// only when no client is waiting. Not an address, so no client can be it.</summary>
    public const string Background = "(background)";

    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "local"; // A Unix socket: no address, one machine.
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
