using ClickPredict.Storage;
using DuckDB.NET.Data;

namespace ClickPredict.Sessions;

/// <summary>A full sessionize build split by user hash: partitions staged apart, then merged into one silver build.</summary>
internal sealed partial class Sessionizer
{
    /// <summary>
    /// Sessionizes partition <paramref name="partition"/> of <see cref="SessionizeOptions.Partitions"/>:
    /// the users whose id hashes to it, with their source sessions' anonymous rows (<c>Sql/bronze_partition.sql</c>).
    /// A user's sessions need only that user's rows and, per source session id, facts over all of bronze
    /// that one GROUP BY gives, so partitions share nothing else and any number run at once, on one lake
    /// or on machines sharing it. Always a full build; staged, not committed: <see cref="Merge"/> does that.
    /// </summary>
    public SilverPartitionManifest StagePartition(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, options.Partitions);
        using var _ = Begin(exclusive: false);
        var (bronze, files) = LoadBronze();

        var fingerprint = SessionsManifest.Fingerprint(bronze);
        var folder = SilverPartitionManifest.PartFolder(lake, fingerprint, partition);
        if (File.Exists(SilverPartitionManifest.PathOf(lake, fingerprint, partition)))
        {
            File.Delete(SilverPartitionManifest.PathOf(lake, fingerprint, partition));
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var buildId = $"{StageRun.NewId(clock.GetUtcNow())}-p{partition}of{options.Partitions}";
        SilverPair Pair(string suffix) => new(Path.Combine(folder, $"events-{buildId}{suffix}.parquet"), Path.Combine(folder, $"sessions-{buildId}{suffix}.parquet"));
        var (history, recent) = (Pair("-history"), Pair(""));
        var split = HistorySplit(files);
        Directory.CreateDirectory(folder);
        using var db = DuckDb.Open(lake.Spill, options.MemoryLimit);
        db.Execute(DuckDb.Sql("Sessions/Sql/bronze_all.sql").Replace("{files}", DuckDb.ListLiteral(files), StringComparison.Ordinal));
        SourceFacts(db, files, Path.Combine(SilverPartitionManifest.Folder(lake, fingerprint), "source-facts.parquet"));
        db.Execute(DuckDb.Sql("Sessions/Sql/bronze_partition.sql")
            .Replace("{files}", DuckDb.ListLiteral(files), StringComparison.Ordinal)
            .Replace("{partitions}", options.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{partition}", partition.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var rows = (int)Math.Min(db.Scalar<long>("SELECT count(*) FROM bronze_rows"), Array.MaxLength);
        var (historySessions, keysMayCollide, written) = OrderedSessionizer.Write(
            db, rows, history, recent, options.GapMicroseconds, split, split - TimeSpan.FromDays(1), new StepTimer(), partition: true);
        List<SilverPair> pairs = historySessions == 0 ? [recent] : [history, recent];
        if (historySessions == 0)
        {
            File.Delete(history.Events);
            File.Delete(history.Sessions);
        }

        var staged = new SilverPartitionManifest
        {
            Partition = partition,
            Partitions = options.Partitions,
            BuildId = buildId,
            BronzeFingerprint = fingerprint,
            GapSeconds = options.Gap.TotalSeconds,
            Counts = written with { SplitSessionIds = db.Scalar<long>("SELECT count(*) FROM source_facts WHERE known_users > 1") },
            KeysMayCollide = keysMayCollide,
            SessionEventsFiles = [.. pairs.Select(p => Path.GetFileName(p.Events))],
            SessionsFiles = [.. pairs.Select(p => Path.GetFileName(p.Sessions))],
        };
        staged.Save(lake);
        return staged;
    }

    /// <summary>
    /// The <c>source_facts</c> table (<c>Sql/source_facts.sql</c>): read from <paramref name="saved"/>
    /// when an earlier partition of this bronze saved it (the GROUP BY over all of bronze took 1.1 s of each
    /// partition at 10 M events), else computed and saved there (a temporary name, then a rename:
    /// partitions computing it at once each write the same rows).
    /// </summary>
    private static void SourceFacts(DuckDBConnection db, List<string> files, string saved)
    {
        if (File.Exists(saved))
        {
            db.Execute("CREATE TEMP TABLE source_facts AS SELECT * FROM read_parquet($saved)", ("saved", saved));
            return;
        }

        db.Execute(DuckDb.Sql("Sessions/Sql/source_facts.sql").Replace("{files}", DuckDb.ListLiteral(files), StringComparison.Ordinal));
        AtomicFile.Write(saved, temp => db.Execute($"COPY source_facts TO {DuckDb.Literal(temp)} (FORMAT parquet, COMPRESSION snappy)"));
    }

    /// <summary>
    /// Commits the <see cref="SessionizeOptions.Partitions"/> partitions staged for bronze as it is now
    /// as one silver build: their files as they are, their counts summed. Fails, changing nothing,
    /// unless every partition is staged from this bronze with the same gap.
    /// </summary>
    public SessionizeResult Merge()
    {
        using var _ = Begin(exclusive: true);
        var (bronze, files) = LoadBronze();
        var fingerprint = SessionsManifest.Fingerprint(bronze);
        var parts = Enumerable.Range(0, options.Partitions).Select(i => SilverPartitionManifest.Load(lake, fingerprint, i)).ToList();
        var missing = parts.Select((p, i) => (p, i)).Where(x => x.p is null).Select(x => x.i).ToList();
        if (missing.Count > 0)
        {
            throw new SessionizeException(
                $"Partition(s) {string.Join(", ", missing)} of {options.Partitions} are not staged for bronze as it is now; run `clickpredict sessionize --partitions {options.Partitions} --partition <i>` for each first.");
        }

        var staged = parts.Select(p => p!).ToList();
        if (staged.Any(p => !p.SameBuildAs(staged[0]) || p.GapSeconds != options.Gap.TotalSeconds))
        {
            throw new SessionizeException(
                $"The staged partitions were built with a different gap (or are of different builds); run every partition again with --gap-minutes {options.Gap.TotalMinutes:0.##}.");
        }

        var timings = new StepTimer();
        using var run = StageRun.Start(lake, "sessionize", clock);
        var (events, sessions) = (Path.Combine(run.Folder, Path.GetFileName(lake.SessionEvents)), Path.Combine(run.Folder, Path.GetFileName(lake.Sessions)));
        Directory.CreateDirectory(events);
        Directory.CreateDirectory(sessions);
        List<string> eventFiles = [], sessionFiles = [];
        foreach (var part in staged)
        {
            var folder = SilverPartitionManifest.PartFolder(lake, fingerprint, part.Partition);
            foreach (var (eventsFile, sessionsFile) in part.SessionEventsFiles.Zip(part.SessionsFiles))
            {
                // Linked, not moved: a merge that fails before its commit leaves every partition as it was staged.
                eventFiles.Add(Path.Combine(events, eventsFile));
                sessionFiles.Add(Path.Combine(sessions, sessionsFile));
                FileLinks.LinkOrCopy(Path.Combine(folder, eventsFile), eventFiles[^1]);
                FileLinks.LinkOrCopy(Path.Combine(folder, sessionsFile), sessionFiles[^1]);
            }
        }

        // Keys of two partitions' sessions can meet only as those of one build can (a '/' in a user id,
        // a source id starting with 'g'): checked over every partition's sessions then.
        var keysMayCollide = staged.Any(p => p.KeysMayCollide);
        if (keysMayCollide)
        {
            using var db = DuckDb.Open(lake.Spill, options.MemoryLimit);
            db.Execute("CREATE TEMP VIEW kept_keys AS SELECT CAST(NULL AS VARCHAR) AS session_key WHERE false");
            CheckKeys(db, sessionFiles);
        }

        // Every partition's sessions, users and events are its own; split ids are counted over all of bronze by each.
        var counts = staged.Aggregate(SessionCounts.None, (sum, p) => sum.Replacing(SessionCounts.None, p.Counts)) with
        {
            SplitSessionIds = staged[0].Counts.SplitSessionIds,
        };
        timings.Lap("merge partitions");
        var next = Manifest(run, bronze, files, counts, keysMayCollide, eventFiles, sessionFiles);
        SilverCommit.Swap(lake, run.Folder, next, options.BeforeCommit);
        // Partitions staged for older bronze can never be merged: they go too.
        Directory.Delete(lake.SilverPartitions, recursive: true);
        timings.Lap("commit");
        return new SessionizeResult(next, timings.Laps, new SessionizeScope($"{options.Partitions} partitions merged"));
    }
}
