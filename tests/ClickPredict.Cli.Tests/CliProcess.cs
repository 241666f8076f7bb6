using System.Diagnostics;

namespace ClickPredict.Cli.Tests;

/// <summary>Runs the real <c>clickpredict</c> binary in a child process, as a user's shell would.</summary>
internal static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    /// <summary>
    /// The CLI as its own project built it (same configuration and platform as this test build). Not
    /// the copy in this test's output: that folder also holds the ASP.NET stand-in server, which makes
    /// the build drop assemblies the shared ASP.NET framework carries and the CLI does not load.
    /// </summary>
    private static string CliDll { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "ClickPredict.Cli.Tests", "bin"), Path.Combine("src", "ClickPredict.Cli", "bin"), StringComparison.Ordinal),
        "ClickPredict.Cli.dll");

    public static Outcome Run(string workingDirectory, params string[] args) => Run(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts the CLI and sends it SIGKILL after <paramref name="after"/>, as a crash or an OOM kill would; true if it was still running.</summary>
    public static bool Kill(string workingDirectory, TimeSpan after, params string[] args)
    {
        using var process = Process.Start(Start(workingDirectory, new Dictionary<string, string>(), args))!;
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        if (process.WaitForExit(after))
        {
            return false;
        }

        // Process.Kill is SIGKILL on Unix: no finally block, no disposal, no flush.
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return true;
    }

    /// <summary>Runs with extra environment variables (MLFLOW_TRACKING_URI and friends); MLflow's own are cleared first.</summary>
    public static Outcome Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(Start(workingDirectory, environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"clickpredict {string.Join(' ', args)} did not finish in 3 minutes.");
        }

        return new Outcome(process.ExitCode, output.Result, error.Result);
    }

    private static ProcessStartInfo Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MLFLOW_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
