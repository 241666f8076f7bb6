using ClickPredict.Sessions;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Sessions;

public sealed class SilverFileTests : IDisposable
{
    private static readonly ReadOnlyMemory<char>? NoText = null;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Rows_over_several_row_groups_read_back_as_written_with_their_nulls()
    {
        // 300,000 rows: two full row groups (each grown from 4,096 rows, then reused with its text
        // buffer) and a last one written on close. Sessions change every 3 rows and users every 12, so
        // runs of the same user cross the row groups' edges.
        const int Rows = 300_000;
        var path = temp.Combine("events.parquet");
        using (var file = new SilverFile<SilverEventRows>(path))
        {
            for (var i = 0; i < Rows; i++)
            {
                var rows = file.Rows;
                var r = rows.Count;
                rows.Numbers[r] = (i / 3 % 4) + 1;
                rows.Indexes[r] = (i % 3) + 1;
                rows.Times[r] = EpochMicros.ToTime(1_700_000_000_000_000L + i);
                rows.Users[r] = rows.User(i / 12, $"u{i / 12}");
                // (A bare null would convert to an empty ReadOnlyMemory through char[], not to "no value".)
                rows.SessionIds[r] = i % 2 == 0 ? $"s{i / 3}".AsMemory() : NoText;
                rows.Types[r] = "view".AsMemory();
                rows.Items[r] = $"item-{i % 1000}".AsMemory();
                rows.Categories[r] = i % 7 == 0 ? NoText : "c1".AsMemory();
                rows.Brands[r] = null;
                rows.Prices[r] = i % 5 == 0 ? null : i / 4.0;
                file.Added();
            }

            Assert.Equal(Rows, file.Count);
        }

        using var db = DuckDb.Open(temp.Combine("spill"));
        Assert.Equal(3L, db.Scalar<long>("SELECT count(DISTINCT row_group_id) FROM parquet_metadata($f)", ("f", path)));
        var wrong = db.Scalar<long>(
            """
            SELECT count(*) FROM read_parquet($f, file_row_number = true)
            WHERE session_number <> file_row_number // 3 % 4 + 1
               OR event_index <> file_row_number % 3 + 1
               OR epoch_us(event_time) <> 1700000000000000 + file_row_number
               OR user_id IS DISTINCT FROM 'u' || (file_row_number // 12)
               OR session_id IS DISTINCT FROM CASE WHEN file_row_number % 2 = 0 THEN 's' || (file_row_number // 3) END
               OR item_id <> 'item-' || (file_row_number % 1000)
               OR category IS DISTINCT FROM CASE WHEN file_row_number % 7 <> 0 THEN 'c1' END
               OR brand IS NOT NULL
               OR price IS DISTINCT FROM CASE WHEN file_row_number % 5 <> 0 THEN file_row_number / 4.0 END
            """,
            ("f", path));
        Assert.Equal(0L, wrong);
        Assert.Equal((long)Rows, db.Scalar<long>("SELECT count(*) FROM read_parquet($f)", ("f", path)));
        // The statistics DuckDB prunes row groups by are right (Parquet.Net's INT64 timestamps' are not).
        Assert.Equal(100L, db.Scalar<long>(
            "SELECT count(*) FROM read_parquet($f) WHERE event_time >= make_timestamp(1700000000000000 + 299900)", ("f", path)));
    }
}
