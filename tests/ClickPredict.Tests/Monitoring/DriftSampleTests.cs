using ClickPredict.Monitoring;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Monitoring;

/// <summary>Drift reads about <see cref="ColumnLoader.MaxRows"/> rows of a long log: its newest files, and says so.</summary>
public class DriftSampleTests
{
    [Fact]
    public void A_log_past_the_budget_is_read_from_its_newest_files()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        using (var db = DuckDb.Open(lake.Spill))
        {
            for (var f = 0; f < 4; f++)
            {
                var file = temp.Combine("log", $"predictions-2024010{f + 1}.parquet");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                db.Execute($"COPY (SELECT CAST(i AS DOUBLE) AS prefix_events, 0.5 AS score FROM range({f * 100_000}, {(f + 1) * 100_000}) t(i)) TO {DuckDb.Literal(file)} (FORMAT parquet)");
            }
        }

        var (columns, _, skipped) = ColumnLoader.Files(lake, temp.Combine("log", "predictions-*.parquet"), ["prefix_events"]);

        Assert.Equal(300_000, columns.Rows);
        Assert.Equal(400_000, columns.Of);
        Assert.Equal(0, skipped);
        Assert.Equal(100_000, columns.Column("prefix_events").Min());
        Assert.Equal(399_999, columns.Column("prefix_events").Max());
    }
}
