using ClickPredict.Sessions;
using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>
/// Builds gold from the committed silver: <c>gold/examples</c> (one row per session and cut point,
/// keys, label, every catalog feature) and <c>gold/online</c> (the snapshot serving reads). Everything
/// is written to a staging folder first; the examples files move in under new names, the online
/// files replace theirs, and <c>gold/_features.json</c>, written last, commits the build.
/// <para>
/// A build can also be split by user (<see cref="UserPartition"/>): <see cref="StagePartition"/> runs
/// one partition (any number of them at once, on one lake or on machines sharing it) and
/// <see cref="Merge"/> commits them together once all are staged.
/// </para>
/// </summary>
internal sealed class FeatureBuilder(Lake lake, FeatureOptions options, TimeProvider? clock = null)
{
    private const int Steps = 4;

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    /// <summary>
    /// Silver's events as the sessionize run in this process wrote them (<see cref="SilverEvents.Handover"/>):
    /// used instead of reading silver back when they are the current build's. Silver is then replayed
    /// from its start rather than from the previous build's checkpoint (the same history either way).
    /// </summary>
    public SilverEvents? HandedOver { get; init; }

    public FeaturesResult Run(IProgress<StageProgress>? progress = null)
    {
        options.Validate();
        using var _ = lake.Lock();
        var silver = CurrentSilver();
        var previous = FeaturesManifest.Load(lake);
        RemoveLeftovers(previous);
        if (IsUpToDate(previous, silver))
        {
            return new FeaturesResult(previous!, []) { UpToDate = true };
        }

        using var run = StageRun.Start(lake, "features", clock);
        var (buildId, staging) = (run.Id, run.Folder);
        var timings = new StepTimer();
        var handed = HandedOver?.SilverBuildId == silver.BuildId ? HandedOver : null;
        var (from, scope, resume, tails) = IncrementalFrom(previous, silver, resumable: handed is null);
        if (handed is not null)
        {
            scope += "; silver's events handed over by sessionize, not read back";
        }

        var built = Build(silver, buildId, staging, _ => true, from, progress, timings, (resume, true), tails, handed);
        if (resume is not null)
        {
            scope += $"; {resume} resumed, silver read from then on";
        }

        options.AfterStaging?.Invoke();
        progress?.Report(new StageProgress("committing", 3, Steps));
        var kept = Kept(previous, built.From);
        var byDate = built.DateFiles!.ToDictionary(
            d => DatedExamples.Key(d.Key),
            d => new DatedExamplesFile(lake.Relative(Path.Combine(lake.GoldExamples, Path.GetFileName(d.Value.File))), d.Value.Counts));
        foreach (var (date, file) in kept)
        {
            byDate.Add(date, file);
        }

        var examples = new ExampleCounts(byDate.Values.Sum(f => f.Counts.Rows), byDate.Values.Sum(f => f.Counts.Positives), byDate.Values.Sum(f => f.Counts.Sessions));
        var files = built.ExamplesFiles;
        if (byDate.Count == 0)
        {
            // No session gave an example: one empty file keeps gold readable ("no examples", not "no files").
            var empty = Path.Combine(staging, "examples", $"part-empty-{buildId}.parquet");
            using (var stream = File.Create(empty))
            using (new ExamplesWriter(stream, Metadata(buildId, silver)))
            {
            }

            files = [empty];
        }

        var result = Commit(silver, buildId, files, examples, built.Online, built.OnlineFolder, byDate: byDate, replay: built.Checkpoint);
        timings.Lap("commit");
        return new FeaturesResult(result, timings.Laps, scope);
    }

    /// <summary>
    /// True when <paramref name="previous"/> is what this run would build again: an incremental build
    /// could start from it (<see cref="Refusal"/>), from this very silver build, with the snapshot as of
    /// just after the last event (the default), and every file it commits in place (the snapshot's
    /// written by it, not by an interrupted run). <c>--as-of</c> and partitions always build.
    /// </summary>
    private bool IsUpToDate(FeaturesManifest? previous, SessionsManifest silver)
    {
        if (Refusal(previous, silver) is not null || options.SnapshotAsOf is not null || options.Partitions != 1
            || previous!.SilverBuildId != silver.BuildId
            || previous.ReplayFile is not { } replay || !File.Exists(lake.Absolute(replay))
            || previous.ExamplesPaths(lake).Any(f => !File.Exists(f)))
        {
            return false;
        }

        using var db = DuckDb.Open(lake.Spill, options.MemoryLimit);
        var afterLastEvent = db.Scalar<long>("SELECT coalesce(max(epoch_us(session_end)), 0) + 1 FROM read_parquet($files)", ("files", silver.SessionsPaths(lake).ToList()));
        return EpochMicros.Of(previous.Online.AsOf) == afterLastEvent && OnlineSnapshot.Stranger(db, OnlineSnapshot.Files(lake), previous.BuildId) is null;
    }

    /// <summary>Why this run cannot build on <paramref name="previous"/> date by date (every date is rebuilt), or null when it can.</summary>
    private string? Refusal(FeaturesManifest? previous, SessionsManifest silver) => previous switch
    {
        _ when options.Full => "every date rebuilt (--full)",
        null => "every date built (no earlier gold)",
        { ExamplesByDate: null } or { Partitions: not 1 } => "every date rebuilt (the earlier gold was not built by date)",
        _ when previous.FeatureSetVersion != FeatureSetVersion.Current || (previous.MaxCut, previous.DenseCuts, previous.CutStride) != (options.MaxCut, options.DenseCuts, options.CutStride)
            => "every date rebuilt (the feature set or cut points changed)",
        _ when previous.BronzeDates is null || silver.BronzeDates is null || previous.GapSeconds != silver.GapSeconds
            => "every date rebuilt (silver was built differently)",
        _ when previous.ExamplesByDate!.Values.Any(f => !File.Exists(lake.Absolute(f.File))) => "every date rebuilt (an earlier examples file is missing)",
        _ => null,
    };

    /// <summary>
    /// The first session-start date whose examples can differ from <paramref name="previous"/>'s, and
    /// why. Bronze changed on some dates; every session reaching the earliest of them starts on or
    /// after the returned date, and a session wholly before it has the same events and the same
    /// history as before (history only looks back). <see cref="DateOnly.MinValue"/>: rebuild all.
    /// Also the previous build's replay checkpoint when this build can resume from it (every changed
    /// session starts at or after it, so silver before it is what the checkpoint summed; null: silver
    /// is read whole), with the sessions it cuts (<see cref="SessionsReaching"/>: one read of silver's
    /// sessions for both). Not <paramref name="resumable"/> (silver's events are already in memory): no
    /// checkpoint is loaded.
    /// </summary>
    private (DateOnly From, string Why, ReplayCheckpoint? Resume, CheckpointTails Tails) IncrementalFrom(
        FeaturesManifest? previous, SessionsManifest silver, bool resumable = true)
    {
        if (Refusal(previous, silver) is { } refused)
        {
            return (DateOnly.MinValue, refused, null, CheckpointTails.None);
        }

        var checkpoint = resumable && previous!.ReplayFile is { } file && options.SnapshotAsOf is null ? ReplayCheckpoint.Load(lake.Absolute(file)) : null;
        var changed = silver.BronzeDates!.Keys.Union(previous!.BronzeDates!.Keys)
            .Where(d => silver.BronzeDates.GetValueOrDefault(d) != previous.BronzeDates.GetValueOrDefault(d))
            .Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        if (changed.Count == 0)
        {
            var unchanged = checkpoint is null ? CheckpointTails.None : SessionsReaching(silver, long.MaxValue, checkpoint).Tails;
            return (DateOnly.MaxValue, "no date rebuilt (bronze is unchanged since the last build)", checkpoint, unchanged);
        }

        var (reaching, tails) = SessionsReaching(silver, EpochMicros.Of(changed.Min().ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)), checkpoint);
        var from = DatedExamples.DateOf(reaching);
        var resume = checkpoint?.AsOfMicros <= reaching ? checkpoint : null;
        return (from, $"dates from {DatedExamples.Key(from)} rebuilt, {Kept(previous, from).Count} earlier date(s) kept (bronze changed from {DatedExamples.Key(changed.Min())})",
            resume, resume is null ? CheckpointTails.None : tails);
    }

    /// <summary>
    /// From silver's sessions files in one read: the earliest start among the sessions with an event
    /// at or after <paramref name="micros"/>, or <paramref name="micros"/> when that is earlier (every
    /// session starting before it lies wholly before <paramref name="micros"/>); and the sessions the
    /// <paramref name="checkpoint"/> cuts (began before it and reach it).
    /// </summary>
    private (long Reaching, CheckpointTails Tails) SessionsReaching(SessionsManifest silver, long micros, ReplayCheckpoint? checkpoint)
    {
        using var db = DuckDb.Open(lake.Spill, options.MemoryLimit);
        var asOf = checkpoint?.AsOfMicros ?? long.MaxValue;
        var from = Math.Min(micros, asOf);
        db.Execute(
            """
            CREATE TEMP TABLE reaching AS
            SELECT user_id, session_number, session_key, epoch_us(session_start) AS start_us, epoch_us(session_end) AS end_us,
                   epoch_us(first_purchase_time) < $as_of AS bought_before
            FROM read_parquet($files)
            WHERE session_end >= $from
            """,
            ("as_of", asOf), ("files", silver.SessionsPaths(lake).ToList()),
            // A timestamp, not epoch_us(session_end): the files' statistics then skip the row groups that end earlier.
            ("from", from == long.MaxValue ? DateTime.MaxValue : EpochMicros.ToTime(from)));
        var reaching = db.Scalar<long>("SELECT least($at, coalesce(min(start_us) FILTER (WHERE end_us >= $at), $at)) FROM reaching", ("at", micros));
        var tails = new CheckpointTails();
        using var reader = db.Query(
            "SELECT user_id, session_number, session_key, coalesce(bought_before, false) FROM reaching WHERE start_us < $as_of AND end_us >= $as_of", ("as_of", asOf));
        while (reader.Read())
        {
            tails.Add(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetBoolean(3));
        }

        return (reaching, tails);
    }

    /// <summary>The previous build's date files before <paramref name="from"/>: what an incremental build keeps (yyyy-MM-dd keys sort as dates).</summary>
    private static Dictionary<string, DatedExamplesFile> Kept(FeaturesManifest? previous, DateOnly from) =>
        previous?.ExamplesByDate?.Where(d => string.CompareOrdinal(d.Key, DatedExamples.Key(from)) < 0).ToDictionary(d => d.Key, d => d.Value) ?? [];

    /// <summary>
    /// Builds partition <paramref name="partition"/> of <see cref="FeatureOptions.Partitions"/>: the
    /// examples of its users' sessions and its users' snapshot (items and categories are global: every
    /// partition replays all of silver for them). Staged, not committed: <see cref="Merge"/> does that.
    /// </summary>
    public PartitionManifest StagePartition(int partition, IProgress<StageProgress>? progress = null)
    {
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, options.Partitions);
        using var _ = lake.SharedLock();
        var silver = CurrentSilver();
        var folder = PartitionManifest.PartFolder(lake, silver.BuildId, partition);
        if (File.Exists(PartitionManifest.PathOf(lake, silver.BuildId, partition)))
        {
            File.Delete(PartitionManifest.PathOf(lake, silver.BuildId, partition));
        }

        DeleteFolder(folder);
        var buildId = $"{StageRun.NewId(clock.GetUtcNow())}-p{partition}of{options.Partitions}";
        var partitions = options.Partitions;
        var built = Build(silver, buildId, folder, user => UserPartition.Of(user, partitions) == partition, null, progress, new StepTimer());
        var staged = new PartitionManifest
        {
            Partition = partition,
            Partitions = partitions,
            BuildId = buildId,
            SilverBuildId = silver.BuildId,
            FeatureSetVersion = FeatureSetVersion.Current,
            MaxCut = options.MaxCut,
            DenseCuts = options.DenseCuts,
            CutStride = options.CutStride,
            Examples = built.Examples,
            Online = built.Online,
        };
        staged.Save(lake);
        return staged;
    }

    /// <summary>
    /// Commits the <see cref="FeatureOptions.Partitions"/> partitions staged for the current silver:
    /// their examples files as they are, their users' snapshots merged into one file. Fails, changing
    /// nothing, unless every partition is staged with the same options.
    /// </summary>
    public FeaturesResult Merge(IProgress<StageProgress>? progress = null)
    {
        options.Validate();
        using var _ = lake.Lock();
        var silver = CurrentSilver();
        var parts = Enumerable.Range(0, options.Partitions).Select(i => PartitionManifest.Load(lake, silver.BuildId, i)).ToList();
        var missing = parts.Select((p, i) => (p, i)).Where(x => x.p is null).Select(x => x.i).ToList();
        if (missing.Count > 0)
        {
            throw new FeaturesException(
                $"Partition(s) {string.Join(", ", missing)} of {options.Partitions} are not staged for silver build {silver.BuildId}; run `clickpredict features --partitions {options.Partitions} --partition <i>` for each first.");
        }

        var staged = parts.Select(p => p!).ToList();
        if (staged.Any(p => !p.SameBuildAs(staged[0]) || p.FeatureSetVersion != FeatureSetVersion.Current))
        {
            throw new FeaturesException(
                "The staged partitions were built with different options or feature sets; run every partition again with the same options.");
        }

        RemoveLeftovers(FeaturesManifest.Load(lake));
        var timings = new StepTimer();
        using var run = StageRun.Start(lake, "features", clock);
        var (buildId, staging) = (run.Id, run.Folder);
        progress?.Report(new StageProgress("merging the partitions' online snapshots", 2, Steps));
        var onlineFolder = Path.Combine(staging, "online");
        var asOf = staged[0].Online.AsOf;
        var online = MergeOnline(silver, buildId, asOf, [.. staged.Select(p => PartitionManifest.PartFolder(lake, silver.BuildId, p.Partition))], onlineFolder);
        timings.Lap("merge online snapshots");
        progress?.Report(new StageProgress("committing", 3, Steps));
        var examples = new ExampleCounts(staged.Sum(p => p.Examples.Rows), staged.Sum(p => p.Examples.Positives), staged.Sum(p => p.Examples.Sessions));
        // Linked into this run's folder, not moved from the partitions': a merge that fails before its
        // commit leaves every partition as it was staged, so the next merge can still take them.
        Directory.CreateDirectory(Path.Combine(staging, "examples"));
        var files = staged.Select(p =>
        {
            var name = $"part-{p.BuildId}.parquet";
            var linked = Path.Combine(staging, "examples", name);
            FileLinks.LinkOrCopy(Path.Combine(PartitionManifest.PartFolder(lake, silver.BuildId, p.Partition), "examples", name), linked);
            return linked;
        }).ToList();
        var result = Commit(silver, buildId, files, examples, online, onlineFolder, options.Partitions);
        // Partitions staged for older silver builds can never be merged: they go too.
        DeleteFolder(lake.GoldPartitions);
        timings.Lap("commit");
        return new FeaturesResult(result, timings.Laps);
    }

    private SessionsManifest CurrentSilver()
    {
        var silver = SessionsManifest.Load(lake)
            ?? throw new FeaturesException($"The lake at {lake.Root} has no sessions yet; run `clickpredict sessionize` first.");
        if (!silver.IsBuiltFrom(IngestManifest.Load(lake)))
        {
            throw new FeaturesException($"The sessions in {lake.Root} predate the latest ingest; run `clickpredict sessionize` first.");
        }

        if (silver.Version < SessionsManifest.CurrentVersion)
        {
            throw new FeaturesException(
                $"The sessions in {lake.Root} are in silver's format {silver.Version}, this version reads {SessionsManifest.CurrentVersion}; run `clickpredict sessionize` to write them again.");
        }

        return silver;
    }

    /// <summary>
    /// Reads silver and writes the examples of the users in scope and the snapshot into
    /// <paramref name="folder"/>: one file per session-start date from the date <paramref name="datedFrom"/>
    /// picks, or one file when it is null (a partition). With a checkpoint, the history replay resumes
    /// from it and silver is read from its time on (<paramref name="tails"/>: the sessions it cuts); with CaptureNext, the replay's state at the start of the last event
    /// date is staged as the next build's checkpoint. <paramref name="handed"/>: silver's events already
    /// in memory, read instead of the files.
    /// </summary>
    private Built Build(
        SessionsManifest silver, string buildId, string folder, Func<string, bool> inScope, DateOnly? datedFrom,
        IProgress<StageProgress>? progress, StepTimer timings, (ReplayCheckpoint? From, bool CaptureNext) checkpoints = default,
        CheckpointTails? tails = null, SilverEvents? handed = null)
    {
        var examplesFolder = Path.Combine(folder, "examples");
        var onlineFolder = Path.Combine(folder, "online");
        var metadata = Metadata(buildId, silver);
        var events = handed is not null
            ? Step(progress, timings, 0, "taking silver's events from sessionize", () => handed)
            : Step(progress, timings, 0, "reading silver", () => SilverEvents.Read(
                lake, silver, options.MemoryLimit, checkpoints.From, tails));
        long? nextCheckpoint = checkpoints.CaptureNext && events.EventCount > 0
            ? EpochMicros.Of(DatedExamples.DateOf(events.AfterLastEventMicros - 1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
            : null;
        if (nextCheckpoint < checkpoints.From?.AsOfMicros)
        {
            nextCheckpoint = null;
        }

        var asOfMicros = options.SnapshotAsOf is { } cutoff ? EpochMicros.Of(cutoff) : events.AfterLastEventMicros;
        var asOf = EpochMicros.ToTime(asOfMicros);
        var scope = events.UserIds.Select(inScope).ToArray();
        Directory.CreateDirectory(examplesFolder);
        DatedExamples? dated = null;
        try
        {
            var built = Step(progress, timings, 1, "computing examples in one ordered pass", () =>
            {
                if (datedFrom is { } fromDate)
                {
                    dated = new DatedExamples(examplesFolder, buildId, fromDate);
                    var (captured, checkpoint) = OrderedPass.Run(events, options, asOfMicros, dated.For, user => scope[user], (checkpoints.From, nextCheckpoint));
                    // The last dates' files finish encoding on other threads while the checkpoint and snapshot are written.
                    dated.Finish();
                    return new Built([], onlineFolder, new ExampleCounts(0, 0, 0), default!, captured)
                    {
                        Checkpoint = checkpoint is null ? null : SaveCheckpoint(checkpoint, folder, buildId),
                    };
                }

                var examplesFile = Path.Combine(examplesFolder, $"part-{buildId}.parquet");
                using var stream = File.Create(examplesFile);
                using var writer = new ExamplesWriter(stream, metadata);
                var (state, _) = OrderedPass.Run(events, options, asOfMicros, _ => writer, user => scope[user]);
                writer.Dispose();
                return new Built([examplesFile], onlineFolder, new ExampleCounts(writer.Rows, writer.Positives, writer.Sessions), default!, state);
            });
            var online = Step(progress, timings, 2, "writing the online snapshot", () =>
            {
                var written = built.State.Write(onlineFolder, asOf, new Dictionary<string, string>(metadata) { ["as_of"] = $"{asOf:O}" });
                dated?.Dispose();
                return written;
            });
            return dated is null
                ? built with { Online = online }
                : built with
                {
                    ExamplesFiles = [.. dated.Files.Values.Select(f => f.File)],
                    Examples = new ExampleCounts(dated.Rows, dated.Positives, dated.Sessions),
                    Online = online,
                    From = dated.From,
                    DateFiles = dated.Files,
                };
        }
        finally
        {
            dated?.Dispose();
        }
    }

    private static string SaveCheckpoint(ReplayCheckpoint checkpoint, string folder, string buildId)
    {
        var file = Path.Combine(folder, "replay", $"replay-{buildId}.bin");
        checkpoint.Save(file);
        return file;
    }

    /// <summary>One users file from every partition's, sorted by user; items and categories from partition 0 (every partition computes all of them).</summary>
    private SnapshotCounts MergeOnline(SessionsManifest silver, string buildId, DateTime asOf, IReadOnlyList<string> partFolders, string onlineFolder)
    {
        Directory.CreateDirectory(onlineFolder);
        var metadata = FeatureSql.Metadata(new Dictionary<string, string>(Metadata(buildId, silver)) { ["as_of"] = $"{asOf:O}" });
        using var db = DuckDb.Open(lake.Spill, options.MemoryLimit);
        long Copy(string file, string key, IReadOnlyList<string> sources) => db.Execute(
            $"COPY (SELECT * FROM read_parquet($files) ORDER BY {key}) TO {DuckDb.Literal(Path.Combine(onlineFolder, file))} (FORMAT parquet, COMPRESSION snappy, KV_METADATA {metadata})",
            ("files", sources.Select(f => Path.Combine(f, "online", file)).ToList()));
        return new SnapshotCounts(
            asOf,
            Copy(GoldLake.UsersFile, "user_id", partFolders),
            Copy(GoldLake.ItemsFile, "item_id", partFolders.Take(1).ToList()),
            Copy(GoldLake.CategoriesFile, "category", partFolders.Take(1).ToList()));
    }

    private static Dictionary<string, string> Metadata(string buildId, SessionsManifest silver) => new()
    {
        ["feature_set_version"] = FeatureSetVersion.Current,
        ["build_id"] = buildId,
        ["silver_build_id"] = silver.BuildId,
    };

    /// <summary>Moves the examples files and the online files of <paramref name="onlineFolder"/> into gold, and writes <c>_features.json</c> last.</summary>
    private FeaturesManifest Commit(
        SessionsManifest silver, string buildId, IReadOnlyList<string> examplesFiles, ExampleCounts examples, SnapshotCounts online, string onlineFolder,
        int partitions = 1, IReadOnlyDictionary<string, DatedExamplesFile>? byDate = null, string? replay = null)
    {
        var next = new FeaturesManifest
        {
            BuildId = buildId,
            BuiltAt = clock.GetUtcNow(),
            FeatureSetVersion = FeatureSetVersion.Current,
            Features = [.. FeatureCatalog.All.Select(f => new FeatureColumn(f.Name, f.Group.ToString().ToLowerInvariant()))],
            SilverBuildId = silver.BuildId,
            MaxCut = options.MaxCut,
            DenseCuts = options.DenseCuts,
            CutStride = options.CutStride,
            Examples = examples,
            ExamplesFiles = byDate is null
                ? [.. examplesFiles.Select(f => lake.Relative(MoveInto(f, lake.GoldExamples)))]
                : [.. MoveAll(examplesFiles, byDate)],
            Online = online,
            Partitions = partitions,
            ExamplesByDate = byDate,
            BronzeDates = silver.BronzeDates,
            GapSeconds = silver.GapSeconds,
            ReplayFile = replay is null ? null : lake.Relative(MoveInto(replay, lake.GoldReplay)),
        };
        foreach (var file in Directory.GetFiles(onlineFolder))
        {
            MoveInto(file, lake.GoldOnline);
        }

        options.BeforeCommit?.Invoke();
        next.Save(lake);
        RemoveLeftovers(next);
        return next;
    }

    /// <summary>Moves the staged files in and lists every live file, kept ones included, by date (or the one empty file).</summary>
    private IEnumerable<string> MoveAll(IReadOnlyList<string> staged, IReadOnlyDictionary<string, DatedExamplesFile> byDate)
    {
        var moved = staged.Select(f => lake.Relative(MoveInto(f, lake.GoldExamples))).ToList();
        return byDate.Count == 0 ? moved : byDate.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value.File);
    }

    private static T Step<T>(IProgress<StageProgress>? progress, StepTimer timings, int index, string step, Func<T> work)
    {
        progress?.Report(new StageProgress(step, index, Steps));
        var result = work();
        timings.Lap(step);
        return result;
    }

    private static string MoveInto(string file, string folder)
    {
        Directory.CreateDirectory(folder);
        var destination = Path.Combine(folder, Path.GetFileName(file));
        File.Move(file, destination, overwrite: true);
        return destination;
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Deletes what an interrupted run left: staged builds, and examples files the committed manifest does not name.</summary>
    private void RemoveLeftovers(FeaturesManifest? committed)
    {
        if (Directory.Exists(lake.Staging))
        {
            foreach (var folder in Directory.GetDirectories(lake.Staging, "features-*"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        if (Directory.Exists(lake.GoldReplay))
        {
            var checkpoint = committed?.ReplayFile is { } file ? lake.Absolute(file) : null;
            foreach (var stale in Directory.GetFiles(lake.GoldReplay).Where(f => f != checkpoint))
            {
                File.Delete(stale);
            }
        }

        if (!Directory.Exists(lake.GoldExamples))
        {
            return;
        }

        var live = committed?.ExamplesPaths(lake).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var file in Directory.GetFiles(lake.GoldExamples).Where(f => !live.Contains(f)))
        {
            File.Delete(file);
        }
    }

    private sealed record Built(IReadOnlyList<string> ExamplesFiles, string OnlineFolder, ExampleCounts Examples, SnapshotCounts Online, OnlineState State)
    {
        /// <summary>The first date rebuilt (a dated build).</summary>
        public DateOnly From { get; init; }

        /// <summary>The staged replay checkpoint, when one was captured.</summary>
        public string? Checkpoint { get; init; }

        /// <summary>Each rebuilt date's staged file and counts (a dated build).</summary>
        public IReadOnlyDictionary<DateOnly, (string File, ExampleCounts Counts)>? DateFiles { get; init; }
    }
}
