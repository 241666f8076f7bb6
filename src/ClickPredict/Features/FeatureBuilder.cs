using ClickPredict.Sessions;
using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>
/// Builds gold from the committed silver: <c>gold/examples</c> (one row per session and cut point,
/// keys, label, every catalog feature) and <c>gold/online</c> (the snapshot serving reads). Everything
/// is written to a staging folder first; the examples file moves in under a new name, the online
/// files replace theirs, and <c>gold/_features.json</c>, written last, commits the build.
/// </summary>
internal sealed class FeatureBuilder(Lake lake, FeatureOptions options, TimeProvider? clock = null)
{
    private const int Steps = 4;

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public FeaturesResult Run(IProgress<FeaturesProgress>? progress = null)
    {
        options.Validate();
        using var _ = lake.Lock();
        var silver = SessionsManifest.Load(lake)
            ?? throw new FeaturesException($"The lake at {lake.Root} has no sessions yet; run `clickpredict sessionize` first.");
        if (!silver.IsBuiltFrom(IngestManifest.Load(lake)))
        {
            throw new FeaturesException($"The sessions in {lake.Root} predate the latest ingest; run `clickpredict sessionize` first.");
        }

        RemoveLeftovers(FeaturesManifest.Load(lake));
        var buildId = $"{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}";
        var staging = Path.Combine(lake.Staging, $"features-{buildId}");
        try
        {
            var timings = new StepTimer();
            var examplesFile = Path.Combine(staging, "examples", $"part-{buildId}.parquet");
            var onlineFolder = Path.Combine(staging, "online");
            var metadata = new Dictionary<string, string>
            {
                ["feature_set_version"] = FeatureSetVersion.Current,
                ["build_id"] = buildId,
                ["silver_build_id"] = silver.BuildId,
            };
            var silverEvents = Step(progress, timings, 0, "reading silver", () => SilverEvents.Read(lake, silver.SessionEventsPaths(lake), options.MemoryLimit));
            var asOfMicros = options.SnapshotAsOf is { } cutoff
                ? (cutoff.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond
                : silverEvents.AfterLastEventMicros;
            var asOf = ExamplesWriter.Time(asOfMicros);
            Directory.CreateDirectory(Path.GetDirectoryName(examplesFile)!);
            var (examples, state) = Step(progress, timings, 1, "computing examples in one ordered pass", () =>
            {
                using var stream = File.Create(examplesFile);
                using var writer = new ExamplesWriter(stream, metadata);
                var captured = OrderedPass.Run(silverEvents, options, asOfMicros, writer, _ => true);
                writer.Dispose();
                return (new ExampleCounts(writer.Rows, writer.Positives, writer.Sessions), captured);
            });
            var online = Step(progress, timings, 2, "writing the online snapshot", () =>
                state.Write(onlineFolder, asOf, new Dictionary<string, string>(metadata) { ["as_of"] = $"{asOf:O}" }));

            options.AfterStaging?.Invoke();
            progress?.Report(new FeaturesProgress("committing", 3, Steps));
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
                ExamplesFiles = [lake.Relative(MoveInto(examplesFile, lake.GoldExamples))],
                Online = online,
            };
            foreach (var file in Directory.GetFiles(onlineFolder))
            {
                MoveInto(file, lake.GoldOnline);
            }

            options.BeforeCommit?.Invoke();
            next.Save(lake);
            RemoveLeftovers(next);
            timings.Lap("commit");
            return new FeaturesResult(next, timings.Laps);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static T Step<T>(IProgress<FeaturesProgress>? progress, StepTimer timings, int index, string step, Func<T> work)
    {
        progress?.Report(new FeaturesProgress(step, index, Steps));
        var result = work();
        timings.Lap(step);
        return result;
    }

    private static void Step(IProgress<FeaturesProgress>? progress, StepTimer timings, int index, string step, Action work) =>
        Step(progress, timings, index, step, () =>
        {
            work();
            return true;
        });

    private static string MoveInto(string file, string folder)
    {
        Directory.CreateDirectory(folder);
        var destination = Path.Combine(folder, Path.GetFileName(file));
        File.Move(file, destination, overwrite: true);
        return destination;
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
}
