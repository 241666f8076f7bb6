namespace ClickPredict.Cli.Tests;

public class QualityCommandTests
{
    private const string Header = "event_time,user_id,session_id,event_type,item_id,category,brand,price";

    [Fact]
    public void Ingest_warns_on_a_quality_alert_fails_with_4_only_when_asked_and_quality_lists_the_ingests()
    {
        using var temp = new TempFolder();
        // 20 rows, 2 with a negative price: 10 % quarantined, over the 5 % default.
        var bad = temp.File("a.csv", Csv(Enumerable.Range(0, 20).Select(i => Row(i, price: i < 2 ? "-1" : "9.5"))));
        var good = temp.File("b.csv", Csv(Enumerable.Range(100, 21).Select(i => Row(i, price: "9.5"))));

        var warned = CliProcess.Run(temp.Path, "ingest", "-s", "canonical", "-i", bad, "--lake", "lake");
        var failed = CliProcess.Run(temp.Path, "ingest", "-s", "canonical", "-i", temp.File("c.csv", Csv([Row(300, price: "-2"), Row(301, price: "1")])),
            "--lake", "lake", "--fail-on-alert");
        var quiet = CliProcess.Run(temp.Path, "ingest", "-s", "canonical", "-i", good, "--lake", "lake", "--fail-on-alert", "--max-row-change", "20");
        var list = CliProcess.Run(temp.Path, "quality", "--lake", "lake");
        var id = System.Text.RegularExpressions.Regex.Match(warned.Output, @"Committed ingest (\S+)\.").Groups[1].Value;
        var detail = CliProcess.Run(temp.Path, "quality", "--lake", "lake", "--ingest", id);
        var unknown = CliProcess.Run(temp.Path, "quality", "--lake", "lake", "--ingest", "nope");

        Assert.True(warned.ExitCode == 0, warned.All);
        Assert.Contains("ALERT quarantine_rate", warned.Output, StringComparison.Ordinal);
        Assert.Contains("10 % of the rows read were quarantined (2), over 5 %", warned.Output, StringComparison.Ordinal);
        Assert.True(failed.ExitCode == 4, failed.All);
        Assert.Contains("ALERT quarantine_rate", failed.Output, StringComparison.Ordinal);
        Assert.Contains("ALERT row_count_change", failed.Output, StringComparison.Ordinal);
        Assert.True(quiet.ExitCode == 0, quiet.All);
        Assert.DoesNotContain("ALERT", quiet.Output, StringComparison.Ordinal);
        Assert.Contains("+950 % rows vs the previous canonical ingest", quiet.Output, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(list.Output, @"\d{8}T\d{6}Z-\w{6}\s+│ canonical │ committed").Count);
        Assert.Equal(0, detail.ExitCode);
        Assert.Contains("invalid_price 2", detail.Output, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no quality record for ingest nope", unknown.All, StringComparison.Ordinal);
    }

    private static string Row(int i, string price) => $"2024-03-01 10:{i % 60:00}:{i / 60:00},u{i},s{i},view,i{i},c1,b1,{price}";

    private static string Csv(IEnumerable<string> rows) => string.Join('\n', rows.Prepend(Header)) + "\n";
}
