using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ClickPredict.Benchmarks;

/// <summary>Runs wrk against one URL with a POST body and reads requests/s and latency percentiles from its report.</summary>
internal static partial class Wrk
{
    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

    /// <summary>Runs wrk once; <paramref name="delayMs"/> is a pause per connection between requests (wrk's Lua delay()), to load below the maximum.</summary>
    public static Result Run(string url, string body, int connections, int seconds, double delayMs, string work) =>
        RunScript(url, $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = [==[{{body}}]==]
            {{(delayMs > 0 ? string.Create(CultureInfo.InvariantCulture, $"function delay() return {delayMs:F3} end") : "")}}
            """, connections, seconds, work);

    /// <summary>Runs wrk once with a Lua script of the caller's (one that builds each request, say).</summary>
    public static Result RunScript(string url, string lua, int connections, int seconds, string work)
    {
        var script = Path.Combine(work, "post.lua");
        File.WriteAllText(script, lua);
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-s", script, url })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = Errors().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        var non2xx = Non2xx().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new Result(rps, Percentile(output, "50%"), Percentile(output, "99%"), errors + non2xx);
    }

    private static double Percentile(string output, string which)
    {
        var match = Regex.Match(output, @"^\s+" + Regex.Escape(which) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex Errors();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();
}
