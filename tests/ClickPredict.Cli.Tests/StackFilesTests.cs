using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ClickPredict.Cli.Tests;

/// <summary>
/// The docker-compose stack, checked the way this machine can: no Docker engine runs here, so the
/// compose file is validated by Debian's docker-compose (installed by .ci/run), the files the
/// Dockerfile and compose name are checked to exist, and the Dockerfile's build stage is replayed.
/// </summary>
public partial class StackFilesTests
{
    private static readonly string Root = RepositoryRoot();

    [Fact]
    public void Docker_compose_validates_the_stack_and_sees_its_services_with_replicas_sharing_redis()
    {
        var config = Compose("config");
        var services = Compose("config", "--services");

        Assert.True(config.ExitCode == 0, config.Output);
        Assert.Equal(["api", "mlflow", "prometheus", "proxy", "redis", "trainer"], services.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Contains("ONLINE_STORE: redis://redis:6379", config.Output, StringComparison.Ordinal);
        Assert.Contains("replicas: 2", config.Output, StringComparison.Ordinal);
        Assert.Contains("./deploy/nginx.conf", File.ReadAllText(Path.Combine(Root, "docker-compose.yml")), StringComparison.Ordinal);
        Assert.Contains("server api:8080 resolve;", File.ReadAllText(Path.Combine(Root, "deploy", "nginx.conf")), StringComparison.Ordinal);
        Assert.Contains("service_completed_successfully", config.Output, StringComparison.Ordinal);
        Assert.Contains("MLFLOW_TRACKING_URI: http://mlflow:5000", config.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Ci_runs_the_readmes_test_command_and_github_runs_ci()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var command = Regex.Match(readme, @"^(dotnet test [^#\n]+?)\s+# the tests$", RegexOptions.Multiline).Groups[1].Value;
        var ci = File.ReadAllLines(Path.Combine(Root, ".ci", "run"));
        var workflow = File.ReadAllText(Path.Combine(Root, ".github", "workflows", "ci.yml"));

        Assert.Equal("dotnet test ClickPredict.sln -c Release", command);
        Assert.Contains(ci, l => l.StartsWith(command + " 2>&1", StringComparison.Ordinal));
        Assert.Contains("run: .ci/run", workflow, StringComparison.Ordinal);
        Assert.Contains("global-json-file: global.json", workflow, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, ".github", "dependabot.yml")));
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
        Assert.Contains(dockerfile, l => l.StartsWith("FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk", StringComparison.Ordinal));
        Assert.Contains("ARG TARGETARCH", dockerfile);
    }

    /// <summary>
    /// The image's build stage, replayed without an engine: its COPY lines fill a folder from the build
    /// context (minus what .dockerignore drops), its RUN line publishes there, and the published CLI runs.
    /// </summary>
    [Fact]
    public void The_build_stage_publishes_the_cli_with_the_api_in_one_folder_from_the_build_context_alone()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));
        var build = dockerfile.TakeWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)).ToList();
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"))
            .Where(l => l.StartsWith("**/", StringComparison.Ordinal)).Select(l => l[3..].TrimEnd('/')).ToHashSet();
        var work = Directory.CreateTempSubdirectory("clickpredict-image-");
        try
        {
            var context = Directory.CreateDirectory(Path.Combine(work.FullName, "src")).FullName;
            foreach (var copy in build.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)))
            {
                var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var source in parts[1..^1])
                {
                    var destination = parts[^1] == "./" ? Path.GetFileName(source.TrimEnd('/'))
                        : parts[^1].EndsWith('/') && File.Exists(Path.Combine(Root, source)) ? Path.Combine(parts[^1], Path.GetFileName(source))
                        : parts[^1].TrimEnd('/');
                    CopyFromContext(source.TrimEnd('/'), Path.Combine(context, destination), ignored);
                }
            }

            // Every RUN of the stage, in order, as the engine would (TARGETARCH unset: the builder's own x64).
            var runs = new List<string>();
            for (var i = 0; i < build.Count; i++)
            {
                if (build[i].StartsWith("RUN ", StringComparison.Ordinal))
                {
                    var lines = build.Skip(i).TakeWhile((l, k) => k == 0 || build[i + k - 1].EndsWith('\\')).Select(l => l.TrimEnd('\\').Trim());
                    runs.Add(string.Join(' ', lines)[4..].Replace(" /out/", $" {work.FullName}/out/", StringComparison.Ordinal));
                }
            }

            Assert.Equal(2, runs.Count);
            Assert.Contains("dotnet restore", runs[0], StringComparison.Ordinal);
            Assert.Contains("--no-restore", runs[1], StringComparison.Ordinal);
            foreach (var run in runs)
            {
                var step = RunIn(context, "sh", "-c", run);
                Assert.True(step.ExitCode == 0, step.Output);
            }

            var help = RunIn(context, "dotnet", Path.Combine(work.FullName, "out", "app", "ClickPredict.Cli.dll"), "--help");
            Assert.True(help.ExitCode == 0, help.Output);
            Assert.Contains("demo", help.Output, StringComparison.Ordinal);
            // One folder: the API the entry point serves, its settings, and each native library once.
            Assert.True(File.Exists(Path.Combine(work.FullName, "out", "app", "ClickPredict.Api.dll")));
            Assert.True(File.Exists(Path.Combine(work.FullName, "out", "app", "appsettings.Production.json")));
            Assert.Single(Directory.GetFiles(Path.Combine(work.FullName, "out"), "lib_lightgbm.so", SearchOption.AllDirectories));
            Assert.False(Directory.Exists(Path.Combine(context, "tests")), "the build context should not hold the tests");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void CopyFromContext(string source, string target, IReadOnlySet<string> ignoredFolders)
    {
        var from = Path.Combine(Root, source);
        if (File.Exists(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(from, target, overwrite: true);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar)[..^1].Any(ignoredFolders.Contains))
            {
                continue;
            }

            var to = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args) => RunIn(Root, file, args);

    /// <summary>docker-compose (v1, Debian's) or Docker's compose plugin, whichever is installed.</summary>
    private static (int ExitCode, string Output) Compose(params string[] args)
    {
        if (Executables.Find("docker-compose") is { } compose)
        {
            return Run(compose, args);
        }

        if (Executables.Find("docker") is { } docker && Run(docker, "compose", "version").ExitCode == 0)
        {
            return Run(docker, ["compose", .. args]);
        }

        throw new InvalidOperationException("The compose test needs docker-compose: apt-get install -y docker-compose (or Docker's compose plugin); .ci/run installs it.");
    }

    private static (int ExitCode, string Output) RunIn(string folder, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
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
