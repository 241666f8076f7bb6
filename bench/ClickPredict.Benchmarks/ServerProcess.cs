using System.Diagnostics;
using System.Globalization;

namespace ClickPredict.Benchmarks;

/// <summary>A server in a child process (output to a log file), ready once its readiness URL answers 200; killed on dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process process;

    private ServerProcess(Process process) => this.process = process;

    /// <summary>From launch to the first 200 from the readiness URL (polled every 250 ms unless told otherwise).</summary>
    public TimeSpan ReadyAfter { get; private set; }

    public static ServerProcess Start(string log, string readyUrl, params string[] args) =>
        Start(log, readyUrl, TimeSpan.FromMilliseconds(250), new Dictionary<string, string>(), args);

    public static ServerProcess Start(string log, string readyUrl, TimeSpan pollEvery, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$@\" > \"$0\" 2>&1");
        start.ArgumentList.Add(log);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var launched = Stopwatch.StartNew();
        var server = new ServerProcess(Process.Start(start)!);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                if (http.GetAsync(readyUrl).GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    server.ReadyAfter = launched.Elapsed;
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (server.process.HasExited || DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new InvalidOperationException($"The server did not get ready at {readyUrl}; see {log}.");
            }

            Thread.Sleep(pollEvery);
        }
    }

    /// <summary>Resident and peak resident memory (VmRSS, VmHWM) in bytes.</summary>
    public (long Rss, long Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{process.Id}/status");
        long Read(string key) => long.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return (Read("VmRSS:"), Read("VmHWM:"));
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}
