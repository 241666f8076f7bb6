using ClickPredict.Mlflow.Publishing;
using Microsoft.Extensions.Time.Testing;

namespace ClickPredict.Mlflow.Tests.Publishing;

public sealed class PendingRunsTests : IDisposable
{
    private readonly TempFolder temp = new();

    private string Folder => Path.Combine(temp.Path, "pending");

    [Fact]
    public async Task A_record_round_trips_through_its_file()
    {
        var pending = new PendingRuns(Folder);
        var record = Records.Training(temp, children: 2, metricsPerChild: 12);

        var file = await pending.SaveAsync(record, "MLflow unreachable");
        var back = Assert.Single(pending.List()).Record;

        Assert.Equal(Path.Combine(Folder, "train-20261123-1.json"), file);
        Assert.Equal(record.RunKey, back.RunKey);
        Assert.Equal(record.Parent.Params, back.Parent.Params);
        Assert.Equal(record.Parent.Artifacts, back.Parent.Artifacts);
        Assert.Equal(record.Children.Select(c => c.Key), back.Children.Select(c => c.Key));
        Assert.Equal(record.Children[1].Metrics, back.Children[1].Metrics);
        Assert.Equal(record.Children[1].EndTime, back.Children[1].EndTime);
        Assert.Equal(record.Model, back.Model);
        Assert.Contains("\"run_key\"", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_again_replaces_the_file_counts_attempts_and_keeps_the_first_failure_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var pending = new PendingRuns(Folder, clock);
        var record = Records.Training(temp);
        await pending.SaveAsync(record, "first");
        var first = Assert.Single(pending.List());
        clock.Advance(TimeSpan.FromMinutes(5));

        await pending.SaveAsync(record, "second");
        var second = Assert.Single(pending.List());

        Assert.Equal(2, second.Attempts);
        Assert.Equal("second", second.Failure);
        Assert.Equal(first.FirstFailedAt, second.FirstFailedAt);
        Assert.Equal(first.LastFailedAt.AddMinutes(5), second.LastFailedAt);
        Assert.Equal(["train-20261123-1.json"], Directory.GetFiles(Folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_unreadable_file_is_reported_and_left_alone()
    {
        var pending = new PendingRuns(Folder);
        await pending.SaveAsync(Records.Training(temp, key: "good"), "x");
        var broken = Path.Combine(Folder, "broken.json");
        await File.WriteAllTextAsync(broken, "{ half a rec");

        Assert.Equal("good", Assert.Single(pending.List()).Record.RunKey);
        Assert.Equal([broken], pending.UnreadableFiles());
        Assert.True(await pending.RemoveAsync("good"));
        Assert.False(await pending.RemoveAsync("good"));
        Assert.True(File.Exists(broken));
    }

    [Fact]
    public void An_empty_or_missing_folder_has_nothing_pending()
    {
        Assert.Empty(new PendingRuns(Folder).List());
        Assert.Empty(new PendingRuns(Folder).UnreadableFiles());
    }

    [Fact]
    public void Record_problems_name_the_run_and_the_value()
    {
        var record = Records.Training(temp);
        var bad = record with
        {
            Children = [record.Children[0], record.Children[0] with { Params = new Dictionary<string, string> { ["p"] = new string('x', 6001) } }],
            Model = new ModelRegistration("m", "no-such-run", "model"),
        };

        var problems = bad.Problems();

        Assert.Contains(problems, p => p.Contains("is used twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("param 'p' is 6001 characters", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'no-such-run', which is not in the record", StringComparison.Ordinal));
        Assert.Empty(record.Problems());
        Assert.NotEmpty((record with { Parent = record.Parent with { Key = "has space" } }).Problems());
    }

    public void Dispose() => temp.Dispose();
}
