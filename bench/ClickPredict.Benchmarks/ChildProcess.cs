using System.Diagnostics;

namespace ClickPredict.Benchmarks;

/// <summary>Runs a command and measures its wall time, CPU time (user + system) and peak resident memory (VmHWM, polled).</summary>
internal static class ChildProcess
{
    public sealed record Measurement(TimeSpan Wall, long PeakBytes, string Output, TimeSpan Cpu);

    public static Measurement Run(string file, params string[] args) => Run(new Dictionary<string, string>(), file, args);

    /// <summary>Runs with extra environment variables; MLflow's are cleared first so the machine's own never leak in.</summary>
    public static Measurement Run(IReadOnlyDictionary<string, string> environment, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MLFLOW_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var childCpu = ReapedChildrenCpu();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(20))
        {
            peak = Math.Max(peak, ReadPeak(process.Id));
        }

        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {error.Result}{output.Result}");
        }

        return new Measurement(watch.Elapsed, peak, output.Result, ReapedChildrenCpu() - childCpu);
    }

    /// <summary>User + system time of this process's exited children (cutime + cstime of /proc/self/stat, in 1/100 s).</summary>
    private static TimeSpan ReapedChildrenCpu()
    {
        if (!File.Exists("/proc/self/stat"))
        {
            return TimeSpan.Zero;
        }

        // Fields after the parenthesised command name: state is field 3, cutime and cstime are fields 16 and 17.
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static long ReadPeak(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
