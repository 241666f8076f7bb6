using ClickPredict.Api.Configuration;
using ClickPredict.Api.Dashboard;
using ClickPredict.Api.PredictionLog;
using ClickPredict.Features;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Tests.Dashboard;

public class LoggedScoresTests
{
    private static readonly DateTimeOffset Today = new(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);

    [Fact]
    public async Task Todays_scores_of_one_model_version_are_binned_from_finished_files_only()
    {
        using var folder = new TempFolder();
        await Write(folder.Path, Row(Today, 1, 0.02), Row(Today, 1, 0.97), Row(Today, 1, 0.51), Row(Today, 2, 0.5), Row(Today.AddDays(-1), 1, 0.5));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, ".predictions-unfinished.parquet.tmp"), "not yet a parquet file");
        var scores = Scores(folder.Path);

        var (histogram, files) = scores.Day(DateOnly.FromDateTime(Today.UtcDateTime), "clickpredict", 1);

        Assert.Equal(1, files);
        Assert.Equal(3, histogram.Total);
        Assert.Equal([1L, 1L, 1L], [histogram.Counts[0], histogram.Counts[10], histogram.Counts[19]]);
        Assert.Equal(1, scores.Day(DateOnly.FromDateTime(Today.UtcDateTime), "clickpredict", 2).Scores.Total);
    }

    [Fact]
    public async Task A_file_finished_after_the_first_read_is_added_and_earlier_files_come_from_the_cache()
    {
        using var folder = new TempFolder();
        var first = await Write(folder.Path, Row(Today, 1, 0.3));
        var scores = Scores(folder.Path);
        var day = DateOnly.FromDateTime(Today.UtcDateTime);
        Assert.Equal(1, scores.Day(day, "clickpredict", 1).Scores.Total);

        // Overwritten in place with garbage: a cached file is not read again.
        var stamp = File.GetLastWriteTimeUtc(first);
        await File.WriteAllTextAsync(first, "garbage");
        File.SetLastWriteTimeUtc(first, stamp);
        await Write(folder.Path, Row(Today, 1, 0.3), Row(Today, 1, 0.8));

        var (histogram, files) = scores.Day(day, "clickpredict", 1);

        Assert.Equal((3L, 2), (histogram.Total, files));
        Assert.Equal([2L, 1L], [histogram.Counts[6], histogram.Counts[16]]);
    }

    [Fact]
    public void With_the_log_off_or_not_written_yet_there_are_no_scores()
    {
        var off = Scores("");
        var missing = Scores(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));

        Assert.Equal((0L, 0), off.Day(DateOnly.FromDateTime(Today.UtcDateTime), "clickpredict", 1) is var a ? (a.Scores.Total, a.Files) : default);
        Assert.Equal((0L, 0), missing.Day(DateOnly.FromDateTime(Today.UtcDateTime), "clickpredict", 1) is var b ? (b.Scores.Total, b.Files) : default);
    }

    [Fact]
    public async Task Rows_with_a_probability_outside_0_to_1_and_unreadable_files_are_skipped_and_counted()
    {
        using var folder = new TempFolder();
        await Write(folder.Path, Row(Today, 1, double.NaN), Row(Today, 1, 0.4), Row(Today, 1, double.PositiveInfinity), Row(Today, 1, 1.5));
        await Write(folder.Path, Row(Today, 1, 0.9));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "predictions-20240101T000000Z-damaged.parquet"), "PAR1 not really parquet");
        var scores = Scores(folder.Path);

        var (histogram, files) = scores.Day(DateOnly.FromDateTime(Today.UtcDateTime), "clickpredict", 1);

        Assert.Equal((2L, 2), (histogram.Total, files));
        Assert.Equal([1L, 1L], [histogram.Counts[8], histogram.Counts[18]]);
        Assert.Equal(3, scores.SkippedRows);
        Assert.Equal(1, scores.UnreadableFiles);
    }

    private static LoggedScores Scores(string folder) =>
        new(Options.Create(new PredictionLogOptions { Folder = folder }), Microsoft.Extensions.Logging.Abstractions.NullLogger<LoggedScores>.Instance);

    internal static PredictionRecord Row(DateTimeOffset at, int version, double probability) =>
        new(at, "u1", 3, at.UtcDateTime, "clickpredict", version, "champion", "build", probability, 0.2, probability >= 0.2, new double[FeatureCatalog.Names.Count]);

    internal static async Task<string> Write(string folder, params PredictionRecord[] rows)
    {
        var file = await PredictionLogFile.CreateAsync(folder, CancellationToken.None);
        await file.WriteAsync(rows, CancellationToken.None);
        return await file.FinishAsync();
    }
}
