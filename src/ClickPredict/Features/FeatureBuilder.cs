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

    public FeaturesResult Run(IProgress<FeaturesProgress>? progress = null)
    {
        options.Validate();
        using var _ = lake.Lock();
        var silver = CurrentSilver();
        RemoveLeftovers(FeaturesManifest.Load(lake));
        var buildId = NewBuildId();
        var staging = Path.Combine(lake.Staging, $"features-{buildId}");
        try
        {
            var timings = new StepTimer();
            var built = Build(silver, buildId, staging, _ => true, progress, timings);
            options.AfterStaging?.Invoke();
            progress?.Report(new FeaturesProgress("committing", 3, Steps));
            var result = Commit(silver, buildId, [built.ExamplesFile], built.Examples, built.Online, () =>
            {
                foreach (var file in Directory.GetFiles(built.OnlineFolder))
                {
                    MoveInto(file, lake.GoldOnline);
                }
            });
            timings.Lap("commit");
            return new FeaturesResult(result, timings.Laps);
        }
        finally
        {
            DeleteFolder(staging);
        }
    }

    /// <summary>
    /// Builds partition <paramref name="partition"/> of <see cref="FeatureOptions.Partitions"/>: the
    /// examples of its users' sessions and its users' snapshot (items and categories are global: every
    /// partition replays all of silver for them). Staged, not committed: <see cref="Merge"/> does that.
    /// </summary>
    public PartitionManifest StagePartition(int partition, IProgress<FeaturesProgress>? progress = null)
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
        var buildId = $"{NewBuildId()}-p{partition}of{options.Partitions}";
        var partitions = options.Partitions;
        var built = Build(silver, buildId, folder, user => UserPartition.Of(user, partitions) == partition, progress, new StepTimer());
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
    public FeaturesResult Merge(IProgress<FeaturesProgress>? progress = null)
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
        var buildId = NewBuildId();
        var staging = Path.Combine(lake.Staging, $"features-{buildId}");
        try
        {
            progress?.Report(new FeaturesProgress("merging the partitions' online snapshots", 2, Steps));
            var onlineFolder = Path.Combine(staging, "online");
            var asOf = staged[0].Online.AsOf;
            var online = MergeOnline(silver, buildId, asOf, [.. staged.Select(p => PartitionManifest.PartFolder(lake, silver.BuildId, p.Partition))], onlineFolder);
            timings.Lap("merge online snapshots");
            progress?.Report(new FeaturesProgress("committing", 3, Steps));
            var examples = new ExampleCounts(staged.Sum(p => p.Examples.Rows), staged.Sum(p => p.Examples.Positives), staged.Sum(p => p.Examples.Sessions));
            var files = staged.Select(p => Path.Combine(PartitionManifest.PartFolder(lake, silver.BuildId, p.Partition), "examples", $"part-{p.BuildId}.parquet")).ToList();
            var result = Commit(silver, buildId, files, examples, online, () =>
            {
                foreach (var file in Directory.GetFiles(onlineFolder))
                {
                    MoveInto(file, lake.GoldOnline);
                }
            }, options.Partitions);
            // Partitions staged for older silver builds can never be merged: they go too.
            DeleteFolder(lake.GoldPartitions);
            timings.Lap("commit");
            return new FeaturesResult(result, timings.Laps);
        }
        finally
        {
            DeleteFolder(staging);
        }
    }

    private SessionsManifest CurrentSilver()
    {
        var silver = SessionsManifest.Load(lake)
            ?? throw new FeaturesException($"The lake at {lake.Root} has no sessions yet; run `clickpredict sessionize` first.");
        if (!silver.IsBuiltFrom(IngestManifest.Load(lake)))
        {
            throw new FeaturesException($"The sessions in {lake.Root} predate the latest ingest; run `clickpredict sessionize` first.");
        }

        return silver;
    }

    private string NewBuildId() => $"{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Reads silver and writes the examples of the users in scope and the snapshot into <paramref name="folder"/>.</summary>
    private Built Build(SessionsManifest silver, string buildId, string folder, Func<string, bool> inScope, IProgress<FeaturesProgress>? progress, StepTimer timings)
    {
        var examplesFile = Path.Combine(folder, "examples", $"part-{buildId}.parquet");
        var onlineFolder = Path.Combine(folder, "online");
        var metadata = Metadata(buildId, silver);
        var events = Step(progress, timings, 0, "reading silver", () => SilverEvents.Read(lake, silver.SessionEventsPaths(lake), options.MemoryLimit));
        var asOfMicros = options.SnapshotAsOf is { } cutoff
            ? (cutoff.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond
            : events.AfterLastEventMicros;
        var asOf = ExamplesWriter.Time(asOfMicros);
        var scope = events.UserIds.Select(inScope).ToArray();
        Directory.CreateDirectory(Path.GetDirectoryName(examplesFile)!);
        var (examples, state) = Step(progress, timings, 1, "computing examples in one ordered pass", () =>
        {
            using var stream = File.Create(examplesFile);
            using var writer = new ExamplesWriter(stream, metadata);
            var captured = OrderedPass.Run(events, options, asOfMicros, writer, user => scope[user]);
            writer.Dispose();
            return (new ExampleCounts(writer.Rows, writer.Positives, writer.Sessions), captured);
        });
        var online = Step(progress, timings, 2, "writing the online snapshot", () =>
            state.Write(onlineFolder, asOf, new Dictionary<string, string>(metadata) { ["as_of"] = $"{asOf:O}" }));
        return new Built(examplesFile, onlineFolder, examples, online);
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

    /// <summary>Moves the examples files into gold, runs <paramref name="moveOnline"/>, and writes <c>_features.json</c> last.</summary>
    private FeaturesManifest Commit(
        SessionsManifest silver, string buildId, IReadOnlyList<string> examplesFiles, ExampleCounts examples, SnapshotCounts online, Action moveOnline, int partitions = 1)
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
            ExamplesFiles = [.. examplesFiles.Select(f => lake.Relative(MoveInto(f, lake.GoldExamples)))],
            Online = online,
            Partitions = partitions,
        };
        moveOnline();
        options.BeforeCommit?.Invoke();
        next.Save(lake);
        RemoveLeftovers(next);
        return next;
    }

    private static T Step<T>(IProgress<FeaturesProgress>? progress, StepTimer timings, int index, string step, Func<T> work)
    {
        progress?.Report(new FeaturesProgress(step, index, Steps));
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

    private sealed record Built(string ExamplesFile, string OnlineFolder, ExampleCounts Examples, SnapshotCounts Online);
}
