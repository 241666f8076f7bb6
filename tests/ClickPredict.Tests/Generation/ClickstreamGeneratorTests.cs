using ClickPredict.Events;
using ClickPredict.Generation;

namespace ClickPredict.Tests.Generation;

public sealed class ClickstreamGeneratorTests : IDisposable
{
    private static readonly string[] EventTypes = ["view", "cart", "remove_from_cart", "purchase"];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Same_options_give_byte_identical_files_and_another_seed_does_not()
    {
        var options = new GeneratorOptions { Events = 30_000, Seed = 11 };

        var first = ClickstreamGenerator.Write(options, _temp.Combine("a"));
        var second = ClickstreamGenerator.Write(options, _temp.Combine("b"));
        var other = ClickstreamGenerator.Write(options with { Seed = 12 }, _temp.Combine("c"));

        var bytes = File.ReadAllBytes(first.Files[0]);
        Assert.Equal(bytes, File.ReadAllBytes(second.Files[0]));
        Assert.NotEqual(bytes, File.ReadAllBytes(other.Files[0]));
        Assert.Equal((first.Users, first.Sessions, first.ConvertingSessions), (second.Users, second.Sessions, second.ConvertingSessions));
        Assert.Equal(first.EventTypeCounts, second.EventTypeCounts);
    }

    [Fact]
    public void Parquet_output_is_deterministic_too()
    {
        var options = new GeneratorOptions { Events = 20_000, Seed = 3, Format = GeneratedFormat.Parquet };

        var first = ClickstreamGenerator.Write(options, _temp.Combine("a"));
        var second = ClickstreamGenerator.Write(options, _temp.Combine("b"));

        Assert.Equal(File.ReadAllBytes(first.Files[0]), File.ReadAllBytes(second.Files[0]));
    }

    [Fact]
    public void Writes_exactly_the_requested_events_sorted_by_time_with_valid_values()
    {
        var options = new GeneratorOptions { Events = 25_000, Seed = 5, Start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc) };
        var outDir = _temp.Combine("nested/out");

        var summary = ClickstreamGenerator.Write(options, outDir);
        var rows = CsvRow.ReadAll(Path.Combine(outDir, "events.csv"));

        Assert.Equal([Path.GetFullPath(Path.Combine(outDir, "events.csv"))], summary.Files);
        Assert.Equal(["events.csv"], Directory.GetFiles(outDir).Select(Path.GetFileName));
        Assert.Equal(25_000, rows.Count);
        Assert.Equal(25_000, summary.Events);
        Assert.All(rows.Zip(rows.Skip(1)), pair => Assert.True(pair.First.EventTime <= pair.Second.EventTime));
        Assert.True(rows[0].EventTime >= options.Start);
        Assert.Equal(summary.FirstEventTime, rows[0].EventTime);
        Assert.Equal(summary.LastEventTime, rows[^1].EventTime);
        Assert.All(rows, r => Assert.Contains(r.EventType, EventTypes));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Price) && r.Price >= 0, $"bad price {r.Price}"));
        Assert.All(rows, r => Assert.Matches("^u[0-9]{6,}$", r.UserId));
        Assert.All(rows, r => Assert.Matches("^s[0-9]{7,}$", r.SessionId));
        Assert.All(rows, r => Assert.Matches("^i[0-9]{7,}$", r.ItemId));
        Assert.All(rows, r => Assert.Matches("^c[0-9]{3}$", r.Category));
        Assert.All(rows, r => Assert.True(r.Brand is null || System.Text.RegularExpressions.Regex.IsMatch(r.Brand, "^b[0-9]{3}$")));
        Assert.InRange(rows.Count(r => r.Brand is null) / (double)rows.Count, 0.01, 0.12);
    }

    [Fact]
    public void Summary_counts_match_the_file()
    {
        var summary = ClickstreamGenerator.Write(new GeneratorOptions { Events = 20_000, Seed = 9 }, _temp.Path);
        var rows = CsvRow.ReadAll(summary.Files[0]);
        var sessions = GeneratedSession.From(rows);

        Assert.Equal(rows.Select(r => r.UserId).Distinct().Count(), summary.Users);
        Assert.Equal(sessions.Count, summary.Sessions);
        Assert.Equal(sessions.Count(s => s.Converts), summary.ConvertingSessions);
        foreach (var type in Enum.GetValues<EventType>())
        {
            Assert.Equal(rows.Count(r => r.EventType == CanonicalEventTypes.Name(type)), summary.EventTypeCounts[type]);
        }
    }

    [Fact]
    public void Rows_with_equal_times_follow_session_then_position_order()
    {
        var rows = CsvRow.ReadAll(ClickstreamGenerator.Write(new GeneratorOptions { Events = 50_000, Seed = 2 }, _temp.Path).Files[0]);

        var ties = rows.Zip(rows.Skip(1)).Where(p => p.First.EventTime == p.Second.EventTime).ToList();
        Assert.All(ties, p => Assert.True(string.CompareOrdinal(p.First.SessionId, p.Second.SessionId) <= 0));
    }

    [Fact]
    public void Parquet_holds_the_same_rows_as_csv_for_the_same_seed()
    {
        var options = new GeneratorOptions { Events = 40_000, Seed = 21 };
        var csv = CsvRow.ReadAll(ClickstreamGenerator.Write(options, _temp.Combine("csv")).Files[0]);
        var parquet = ClickstreamGenerator.Write(options with { Format = GeneratedFormat.Parquet }, _temp.Combine("pq"));

        Assert.Equal("events.parquet", Path.GetFileName(parquet.Files[0]));
        var rows = ParquetRows.Read(parquet.Files[0]);
        Assert.Equal(csv, rows);
    }

    [Fact]
    public void Progress_reports_reach_the_event_count()
    {
        var reports = new List<long>();

        ClickstreamGenerator.Write(new GeneratorOptions { Events = 600_000, Seed = 1 }, _temp.Path, new SyncProgress(reports.Add));

        Assert.True(reports.Count >= 2);
        Assert.Equal(600_000, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public async Task Cancelled_run_leaves_no_file_behind()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(_ => cancel.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ClickstreamGenerator.WriteAsync(new GeneratorOptions { Events = 2_000_000 }, _temp.Path, progress, cancel.Token));

        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClickstreamGenerator.Write(new GeneratorOptions { Events = 0 }, _temp.Path));
        Assert.Throws<ArgumentException>(() => ClickstreamGenerator.Write(
            new GeneratorOptions { Start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local) }, _temp.Path));
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so the test sees every report before asserting.</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
