using System.Diagnostics;

namespace ClickPredict.Cli.Tests;

/// <summary>Runs the real <c>clickpredict</c> binary in a child process, as a user's shell would.</summary>
internal static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static Outcome Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ClickPredict.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"clickpredict {string.Join(' ', args)} did not finish in 3 minutes.");
        }

        return new Outcome(process.ExitCode, output.Result, error.Result);
    }
}
