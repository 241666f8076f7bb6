using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ClickPredict.Cli.Tests;

/// <summary>
/// The docker-compose stack, checked the way this machine can: no Docker engine runs here, so the
/// compose file is validated by Debian's docker-compose (installed by .ci/run) and the files the
/// Dockerfile and compose name are checked to exist.
/// </summary>
public partial class StackFilesTests
{
    private static readonly string Root = RepositoryRoot();

    [Fact]
    public void Docker_compose_validates_the_stack_and_sees_its_four_services()
    {
        var config = Run("docker-compose", "config");
        var services = Run("docker-compose", "config", "--services");

        Assert.True(config.ExitCode == 0, config.Output);
        Assert.Equal(["api", "mlflow", "prometheus", "trainer"], services.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Contains("service_completed_successfully", config.Output, StringComparison.Ordinal);
        Assert.Contains("MLFLOW_TRACKING_URI: http://mlflow:5000", config.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_compose_reads_is_listed_in_env_example()
    {
        var compose = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));
        var listed = File.ReadAllLines(Path.Combine(Root, ".env.example"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)])
            .ToHashSet();

        var used = Variable().Matches(compose).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, v => Assert.Contains(v, listed));
    }

    [Fact]
    public void The_dockerfile_copies_only_what_exists_runs_as_non_root_and_checks_readiness()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));

        var sources = dockerfile.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]);

        Assert.All(sources, s => Assert.True(File.Exists(Path.Combine(Root, s)) || Directory.Exists(Path.Combine(Root, s)), $"{s} is missing"));
        Assert.Contains("USER app", dockerfile);
        Assert.Contains(dockerfile, l => l.Contains("/health/ready", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/sdk", StringComparison.Ordinal));
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClickPredict.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ClickPredict.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"\$\{([A-Z_]+)(:-[^}]*)?\}")]
    private static partial Regex Variable();
}
