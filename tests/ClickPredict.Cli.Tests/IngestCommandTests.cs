
namespace ClickPredict.Cli.Tests;

public class IngestCommandTests
{
    /// <summary>The REES46 sample the repository ships (data/samples), so a fresh clone runs this test.</summary>
    private static string Rees46Sample() => SharedData.Rees46;

    [Fact]
    public void Ingest_of_a_shared_sample_prints_where_every_row_went_and_exits_0()
    {
        using var temp = new TempFolder();

        var run = CliProcess.Run(temp.Path, "ingest", "--source", "rees46", "--input", Rees46Sample());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Rows read 17,434 = accepted 17,429 + quarantined 0 + duplicates dropped 5", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.Path, "data", "lake", "bronze", "_manifest.json")), "the lake defaults to data/lake");

        var again = CliProcess.Run(temp.Path, "ingest", "--source", "rees46", "--input", Rees46Sample());

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("unchanged", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_ingest_of_a_bad_file_exits_3_and_names_the_error_report()
    {
        using var temp = new TempFolder();
        var input = temp.File("events.csv", "event_time,user_id,session_id,event_type,item_id,category,brand,price\n2024-01-01 00:00:00,u,s,view,i,c,b,-1\n");
        var report = Path.Combine(temp.Path, "errors.csv");

        var run = CliProcess.Run(temp.Path, "ingest", "-s", "canonical", "-i", input, "--strict", "--lake", "lake", "--error-report", report);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("quarantined by invalid_price: 1", run.Output, StringComparison.Ordinal);
        Assert.Contains("Rejected", run.Output, StringComparison.Ordinal);
        Assert.Equal($"{input},2,price,-1,invalid_price", File.ReadAllLines(report)[1]);
        Assert.False(File.Exists(Path.Combine(temp.Path, "lake", "bronze", "_manifest.json")));
    }

    [Fact]
    public void Lenient_ingest_of_the_same_file_quarantines_the_row_and_exits_0()
    {
        using var temp = new TempFolder();
        var input = temp.File("events.csv", "event_time,user_id,session_id,event_type,item_id,category,brand,price\n2024-01-01 00:00:00,u,s,view,i,c,b,-1\n2024-01-01 00:00:01,u,s,view,i,c,b,1\n");

        var run = CliProcess.Run(temp.Path, "ingest", "-s", "canonical", "-i", input, "--lake", "lake");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Rows read 2 = accepted 1 + quarantined 1 + duplicates dropped 0", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "ingest", "--input", "x.csv" }, 2, "--source")]
    [InlineData(new[] { "ingest", "--source", "nosuchpreset", "--input", "x.csv" }, 2, "neither a preset")]
    [InlineData(new[] { "ingest", "--source", "canonical", "--input", "missing.csv" }, 1, "does not exist")]
    [InlineData(new[] { "ingset" }, 2, "ingset")]
    public void Errors_are_one_clear_sentence_with_the_documented_exit_code_and_no_stack_trace(string[] args, int exitCode, string expected)
    {
        using var temp = new TempFolder();

        var run = CliProcess.Run(temp.Path, args);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(expected, run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_shows_the_stack_trace_of_an_error()
    {
        using var temp = new TempFolder();

        var run = CliProcess.Run(temp.Path, "ingest", "--source", "canonical", "--input", "missing.csv", "--verbose");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("SourceFiles.Resolve", run.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "ingest")]
    [InlineData(new[] { "ingest", "--help" }, "--strict")]
    [InlineData(new[] { "generate", "--help" }, "--seed")]
    [InlineData(new[] { "update", "--help" }, "keeping the gap and cut points")]
    public void Every_command_has_help(string[] args, string expected)
    {
        using var temp = new TempFolder();

        var run = CliProcess.Run(temp.Path, args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
    }
}
