namespace ClickPredict.Cli.Tests;

public class SessionizeCommandTests
{
    [Fact]
    public void Sessionize_on_an_empty_lake_says_to_ingest_first_and_exits_1()
    {
        using var temp = new TempFolder();

        var run = CliProcess.Run(temp.Path, "sessionize", "--lake", "lake");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("clickpredict ingest", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ingest_sessionize_from_the_command_line_agree_on_the_session_count()
    {
        using var temp = new TempFolder();

        var generate = CliProcess.Run(temp.Path, "generate", "--events", "20000", "--seed", "3", "--out", "gen");
        var ingest = CliProcess.Run(temp.Path, "ingest", "--source", "canonical", "--input", "gen", "--lake", "lake");
        var sessionize = CliProcess.Run(temp.Path, "sessionize", "--lake", "lake");

        Assert.Equal((0, 0, 0), (generate.ExitCode, ingest.ExitCode, sessionize.ExitCode));
        var sessions = System.Text.RegularExpressions.Regex.Match(generate.Output, @"([\d,]+) sessions").Groups[1].Value;
        Assert.NotEqual("", sessions);
        Assert.Contains(sessions, sessionize.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_before_sessionize_says_what_to_run_and_exits_1()
    {
        using var temp = new TempFolder();

        var run = CliProcess.Run(temp.Path, "features", "--lake", "lake");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("clickpredict sessionize", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_runs_generate_ingest_sessionize_and_features_on_the_embedded_default()
    {
        using var temp = new TempFolder();

        var run = CliProcess.Run(temp.Path, "demo", "--events", "20000", "--no-serve");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Rows read 20,000 = accepted 20,000", run.Output, StringComparison.Ordinal);
        Assert.Contains("Committed silver build", run.Output, StringComparison.Ordinal);
        Assert.Contains("Committed features build", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.Path, "data", "lake", "gold", "_features.json")));
    }
}
