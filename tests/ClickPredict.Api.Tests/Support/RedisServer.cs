using System.Diagnostics;
using System.Net.Sockets;

namespace ClickPredict.Api.Tests.Support;

/// <summary>A throwaway redis-server on a free port, no persistence; stopped on dispose.</summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process process;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Url = $"redis://127.0.0.1:{port}";
    }

    public string Url { get; }

    public static RedisServer Start()
    {
        var binary = Executables.Find("redis-server") ?? throw new InvalidOperationException("redis-server is not installed; .ci/run installs it with apt-get install redis-server.");
        var port = Ports.Free();
        var process = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", port);
                return new RedisServer(process, port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    public void Dispose()
    {
        process.Kill();
        process.WaitForExit();
        process.Dispose();
    }
}
