using System.Net;
using System.Net.Sockets;

namespace ClickPredict.Tests.Support;

/// <summary>Loopback ports for servers a test starts itself.</summary>
public static class Ports
{
    /// <summary>A port free right now (the OS picks it; released at once for the server to take).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
