using ClickPredict.Monitoring;
using ClickPredict.Storage;
using ClickPredict.Tests.Support;

namespace ClickPredict.Tests.Monitoring;

/// <summary>Drift reads at most <see cref="ColumnLoader.MaxRows"/> rows a side: past it, the same seeded sample every run.</summary>
public class DriftSampleTests
{
    [Fact]
    public void A_window_past_the_budget_is_read_as_the_same_uniform_sample_every_run()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        var file = temp.Combine("log.parquet");
        using (var db = DuckDb.Open(lake.Spill))
        {
            db.Execute($"COPY (SELECT CAST(i AS DOUBLE) AS prefix_events, CAST(i % 1000 AS DOUBLE) / 1000 AS score FROM range(300000) t(i)) TO {DuckDb.Literal(file)} (FORMAT parquet)");
        }

        var (first, _, skipped) = ColumnLoader.Files(lake, file, ["prefix_events"]);
        var (second, _, _) = ColumnLoader.Files(lake, file, ["prefix_events"]);

        Assert.Equal(ColumnLoader.MaxRows, first.Rows);
        Assert.Equal(300_000, first.Of);
        Assert.Equal(0, skipped);
        Assert.Equal(first.Column("prefix_events"), second.Column("prefix_events"));
        // Uniform: the sample reaches both ends of the file and its mean is the whole file's.
        var values = first.Column("prefix_events");
        Assert.InRange(values.Min(), 0, 1_000);
        Assert.InRange(values.Max(), 299_000, 299_999);
        Assert.InRange(values.Average(v => (double)v), 148_000, 152_000);
    }
}
