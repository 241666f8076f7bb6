using ClickPredict.Events;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Events;

public class LakeCommitTests
{
    private static string Csv(params int[] rows) =>
        string.Join('\n', [CanonicalCsv.Header, .. rows.Select(i => CanonicalCsv.Valid(i))]) + "\n";

    [Fact]
    public void Re_ingesting_an_unchanged_file_is_a_no_op()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        var input = temp.File("in/events.csv", Csv(1, 2, 3));
        new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);
        var before = LakeReader.Snapshot(lake);

        var again = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), input);

        Assert.Equal(IngestStatus.NothingToDo, again.Status);
        Assert.Equal(FileStatus.Unchanged, again.Files.Single().Status);
        Assert.Equal(before, LakeReader.Snapshot(lake));
        Assert.Equal(3, LakeReader.BronzeCount(lake));
    }

    [Fact]
    public void A_new_file_appends_and_a_changed_file_replaces_only_its_own_rows()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        var first = temp.File("in/events-1.csv", Csv(1, 2, 3));
        new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.Combine("in"));
        var second = temp.File("in/events-2.csv", Csv(10, 11));

        var appended = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.Combine("in"));

        Assert.Equal([FileStatus.Unchanged, FileStatus.New], appended.Files.Select(f => f.Status));
        Assert.Equal(5, LakeReader.BronzeCount(lake));
        var secondFiles = IngestManifest.Load(lake).Find(second)!.BronzeFiles;

        File.WriteAllText(first, Csv(1, 4));
        var replaced = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.Combine("in"));

        Assert.Equal([FileStatus.Changed, FileStatus.Unchanged], replaced.Files.Select(f => f.Status));
        Assert.Equal(["u1", "u10", "u11", "u4"], LakeReader.Column<string>(lake, IngestManifest.Load(lake).BronzeFiles(lake), "user_id"));
        Assert.Equal(secondFiles, IngestManifest.Load(lake).Find(second)!.BronzeFiles);
        var onDisk = Directory.GetFiles(lake.BronzeEvents, "*.parquet", SearchOption.AllDirectories).Select(lake.Relative).Order();
        Assert.Equal(IngestManifest.Load(lake).AllFiles().Order(), onDisk);
        Assert.Equal(3, IngestManifest.Load(lake).Ingests.Count);
    }

    [Fact]
    public void Rows_repeated_across_overlapping_exports_are_dropped_and_reported_but_a_changed_file_keeps_its_own_rows()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        temp.File("in/events-a.csv", Csv(1, 2, 3, 4, 5, 6));
        temp.File("in/events-b.csv", Csv(4, 5, 6, 7, 8));                  // overlaps a in the same ingest
        var batch = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.Combine("in"));
        var later = temp.File("later/events-c.csv", Csv(7, 8, 9, 20));       // overlaps what is already in the lake
        var next = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), later);
        temp.File("later/events-c.csv", Csv(7, 8, 9, 20, 21));               // the same export, grown: its own rows are not copies
        var grown = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), later);

        Assert.Equal((11L, 8L, 3L, 3L), (batch.Rows.Read, batch.Rows.Accepted, batch.Rows.Duplicates, batch.Rows.DuplicatesOfEarlierFiles));
        Assert.Equal([0L, 3L], batch.Files.Select(f => f.Rows.DuplicatesOfEarlierFiles));
        Assert.Equal((4L, 2L, 2L), (next.Rows.Read, next.Rows.Accepted, next.Rows.DuplicatesOfEarlierFiles));
        Assert.Equal((5L, 3L, 2L), (grown.Rows.Read, grown.Rows.Accepted, grown.Rows.DuplicatesOfEarlierFiles));
        Assert.Equal(11, LakeReader.BronzeCount(lake));
    }

    [Fact]
    public void A_new_export_beside_an_unchanged_one_in_the_same_folder_drops_what_they_share()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        temp.File("in/events-1.csv", Csv(1, 2, 3, 4));
        new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.Combine("in"));
        temp.File("in/events-2.csv", Csv(3, 4, 5));                          // yesterday's export is still in the folder, unchanged

        var next = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.Combine("in"));

        Assert.Equal([FileStatus.Unchanged, FileStatus.New], next.Files.Select(f => f.Status));
        Assert.Equal((3L, 1L, 2L), (next.Rows.Read, next.Rows.Accepted, next.Rows.DuplicatesOfEarlierFiles));
        Assert.Equal(5, LakeReader.BronzeCount(lake));
    }

    [Fact]
    public void An_empty_export_is_read_as_no_rows_beside_the_others_and_its_rows_are_read_once_it_has_some()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        temp.File("in/events-1.csv", Csv(1, 2, 3));
        var empty = temp.File("in/events-2.csv", "");                      // an export job that failed before writing anything

        var first = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.Combine("in"));

        Assert.Equal(IngestStatus.Committed, first.Status);
        Assert.Equal([(FileStatus.New, 3L), (FileStatus.New, 0L)], first.Files.Select(f => (f.Status, f.Rows.Read)));
        Assert.Equal(3, LakeReader.BronzeCount(lake));
        File.WriteAllText(empty, Csv(3, 4));                                   // the job ran again

        var next = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.Combine("in"));

        Assert.Equal([FileStatus.Unchanged, FileStatus.Changed], next.Files.Select(f => f.Status));
        Assert.Equal((2L, 1L, 1L), (next.Rows.Read, next.Rows.Accepted, next.Rows.DuplicatesOfEarlierFiles));
        Assert.Equal(4, LakeReader.BronzeCount(lake));
    }

    [Fact]
    public void A_failure_after_staging_leaves_the_lake_exactly_as_it_was()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.File("a/events.csv", Csv(1, 2)));
        var before = LakeReader.Snapshot(lake);
        var crashing = new IngestOptions { AfterStaging = () => throw new IOException("disk gone") };

        Assert.Throws<IOException>(() => new EventIngestor(lake, crashing).Run(SourceMappings.Load("canonical"), temp.File("b/events.csv", Csv(5, 6, 7))));

        Assert.Equal(before, LakeReader.Snapshot(lake));
        Assert.False(Directory.Exists(lake.Staging) && Directory.EnumerateFileSystemEntries(lake.Staging).Any());
    }

    [Fact]
    public void A_failure_between_moving_files_and_writing_the_manifest_commits_nothing_and_the_next_ingest_cleans_up()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        var a = temp.File("a/events.csv", Csv(1, 2));
        new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), a);
        var before = LakeReader.Snapshot(lake);
        var manifestBefore = File.ReadAllText(lake.ManifestPath);
        var crashing = new IngestOptions { BeforeManifest = () => throw new IOException("power cut") };

        Assert.Throws<IOException>(() => new EventIngestor(lake, crashing).Run(SourceMappings.Load("canonical"), temp.File("b/events.csv", Csv(5, 6, 7))));

        // The moved files are on disk but not committed: readers, who go through the manifest, see the old lake.
        Assert.Equal(manifestBefore, File.ReadAllText(lake.ManifestPath));
        Assert.Equal(2, LakeReader.BronzeCount(lake));
        Assert.NotEqual(before.Keys.Order(), LakeReader.Snapshot(lake).Keys.Order());

        var next = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), a);

        Assert.Equal(IngestStatus.NothingToDo, next.Status);
        Assert.Equal(before, LakeReader.Snapshot(lake));
    }

    [Fact]
    public void A_second_writer_is_refused_while_the_lake_is_locked()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Combine("lake"));
        using var held = lake.Lock();

        var error = Assert.Throws<LakeBusyException>(() =>
            new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), temp.File("events.csv", Csv(1))));

        Assert.Contains("in use by another ClickPredict command", error.Message, StringComparison.Ordinal);
    }
}
