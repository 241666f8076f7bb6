using ClickPredict.Events;
using ClickPredict.Sessions;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Events;

/// <summary>
/// Bronze compaction: one file per event date, the same rows, silver still current; and a source
/// re-ingested after compaction replaces exactly its own rows inside the compacted files.
/// </summary>
public class CompactionTests
{
    private const string Columns = "event_time, user_id, session_id, event_type, item_id, category, brand, price";

    [Fact]
    public void Each_date_becomes_one_file_with_the_same_rows_and_silver_stays_current()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        temp.File("in/events-a.csv", Csv(("2024-03-01 10:00:00", "a1"), ("2024-03-02 10:00:00", "a2")));
        temp.File("in/events-b.csv", Csv(("2024-03-01 11:00:00", "b1"), ("2024-03-02 11:00:00", "b2"), ("2024-03-03 11:00:00", "b3")));
        temp.File("in/events-c.csv", Csv(("2024-03-01 12:00:00", "c1")));
        Ingest(lake, temp);
        var rowsBefore = Rows(lake);
        new Sessionizer(lake, new SessionizeOptions()).Run();
        Assert.Equal(6, Directory.GetFiles(lake.BronzeEvents, "*.parquet", SearchOption.AllDirectories).Length);

        var result = new BronzeCompactor(lake).Run();

        Assert.Equal(new CompactionResult(Dates: 2, FilesReplaced: 5, Rows: 5), result);
        var files = Directory.GetFiles(lake.BronzeEvents, "*.parquet", SearchOption.AllDirectories).Select(lake.Relative).Order().ToList();
        Assert.Equal(3, files.Count);
        Assert.Equal(IngestManifest.Load(lake).AllFiles().Distinct().Order(), files);
        Assert.Equal(rowsBefore, Rows(lake));
        Assert.True(SessionsManifest.Load(lake)!.IsBuiltFrom(IngestManifest.Load(lake)));
        var compacted = files.Single(f => f.Contains("event_date=2024-03-01", StringComparison.Ordinal));
        Assert.Equal(
            ["events-a.csv", "events-b.csv", "events-c.csv"],
            LakeReader.Column<string>(lake, [lake.Absolute(compacted)], BronzeCompactor.SourceColumn).Select(Path.GetFileName));
        Assert.Equal(new CompactionResult(0, 0, 0), new BronzeCompactor(lake).Run());
    }

    [Fact]
    public void A_changed_source_replaces_only_its_own_rows_inside_compacted_files()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        var a = temp.File("in/events-a.csv", Csv(("2024-03-01 10:00:00", "a1"), ("2024-03-02 10:00:00", "a2"), ("2024-03-02 10:05:00", "a3")));
        temp.File("in/events-b.csv", Csv(("2024-03-01 11:00:00", "b1"), ("2024-03-02 11:00:00", "b2")));
        Ingest(lake, temp);
        new BronzeCompactor(lake).Run();

        // The new version keeps two of its rows, drops one and adds one: the kept rows are not
        // "duplicates of earlier files", since the file's old rows leave with it.
        File.WriteAllText(a, Csv(("2024-03-01 10:00:00", "a1"), ("2024-03-02 10:05:00", "a3"), ("2024-03-04 10:00:00", "a4")));
        var result = Ingest(lake, temp);

        var changed = result.Files.Single(f => f.SourcePath == a);
        Assert.Equal(FileStatus.Changed, changed.Status);
        Assert.Equal(3, changed.Rows.Accepted);
        Assert.Equal(0, changed.Rows.DuplicatesOfEarlierFiles);
        Assert.Equal(["a1", "a3", "a4", "b1", "b2"], LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "user_id", orderBy: "user_id"));
        var onDisk = Directory.GetFiles(lake.BronzeEvents, "*.parquet", SearchOption.AllDirectories).Select(lake.Relative).Order();
        Assert.Equal(IngestManifest.Load(lake).AllFiles().Distinct().Order(), onDisk);
    }

    private static IngestResult Ingest(Lake lake, TempFolder temp)
    {
        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.Combine("in"));
        Assert.Equal(IngestStatus.Committed, result.Status);
        return result;
    }

    private static List<string> Rows(Lake lake) =>
        LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), $"concat_ws('|', {Columns})", orderBy: "1");

    private static string Csv(params (string Time, string User)[] rows) =>
        "event_time,user_id,session_id,event_type,item_id,category,brand,price\n" +
        string.Concat(rows.Select(r => $"{r.Time},{r.User},s-{r.User},view,i1,c1,b1,1.5\n"));
}
