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
    public void Sessionize_in_two_partitions_merges_to_the_sessions_of_one_build_and_a_missing_one_is_named()
    {
        using var temp = new TempFolder();
        CliProcess.Run(temp.Path, "generate", "--events", "20000", "--seed", "3", "--out", "gen");
        CliProcess.Run(temp.Path, "ingest", "--source", "canonical", "--input", "gen", "--lake", "lake");
        var whole = CliProcess.Run(temp.Path, "sessionize", "--lake", "lake");

        var second = CliProcess.Run(temp.Path, "sessionize", "--lake", "lake", "--partitions", "2", "--partition", "1");
        var early = CliProcess.Run(temp.Path, "sessionize", "--lake", "lake", "--partitions", "2", "--merge");
        var first = CliProcess.Run(temp.Path, "sessionize", "--lake", "lake", "--partitions", "2", "--partition", "0");
        var merge = CliProcess.Run(temp.Path, "sessionize", "--lake", "lake", "--partitions", "2", "--merge");
        var unclear = CliProcess.Run(temp.Path, "sessionize", "--lake", "lake", "--partitions", "2");

        Assert.Equal((0, 0, 1, 0), (second.ExitCode, first.ExitCode, early.ExitCode, merge.ExitCode));
        Assert.Contains("Partition(s) 0 of 2 are not staged", early.All, StringComparison.Ordinal);
        Assert.Contains("2 partitions merged", merge.Output, StringComparison.Ordinal);
        var sessions = System.Text.RegularExpressions.Regex.Match(whole.Output, @"sessions\s*│\s*([\d,]+)").Groups[1].Value;
        Assert.NotEqual("", sessions);
        Assert.Contains(sessions, merge.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, unclear.ExitCode);
        Assert.Contains("give --partition <i> to build one partition, or --merge", unclear.All, StringComparison.Ordinal);
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
