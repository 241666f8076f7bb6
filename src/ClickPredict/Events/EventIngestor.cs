using System.Globalization;
using ClickPredict.Events.Quality;
using ClickPredict.Storage;

namespace ClickPredict.Events;

/// <summary>
/// Ingests source files into the bronze lake. Every file is staged first; the batch then commits by
/// renaming staged files into place and replacing the manifest, which is the single commit point.
/// A crash anywhere before the manifest is written leaves the lake as it was; leftovers are removed
/// by the next ingest.
/// </summary>
internal sealed class EventIngestor(Lake lake, IngestOptions options, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public IngestResult Run(SourceMapping mapping, string input, IProgress<IngestProgress>? progress = null)
    {
        var sources = SourceFiles.Resolve(input, mapping);
        using var _ = lake.Lock();
        Recover();

        var manifest = IngestManifest.Load(lake);
        var outcomes = new List<FileOutcome>();
        using var run = StageRun.Start(lake, stage: null, clock);
        var (ingestId, started, staging) = (run.Id, run.Started, run.Folder);
        var stager = new FileStager(mapping, options, lake, staging);
        foreach (var (source, index) in sources.Select((s, i) => (s, i)))
        {
            progress?.Report(new IngestProgress(source, index, sources.Count, "checking the header"));
            stager.CheckHeader(source);
        }

        var scans = sources.Select((source, index) =>
        {
            progress?.Report(new IngestProgress(source, index, sources.Count, "hashing"));
            return ContentHash.Scan(source);
        }).ToList();

        // Rows this file must not repeat: every live source the ingest does not replace (a changed file's
        // old rows go at commit), then each file staged before it.
        var replaced = sources.Where((source, i) => manifest.Find(source) is { } previous && previous.ContentHash != scans[i].Hash).ToHashSet(StringComparer.Ordinal);
        // A compacted file shared with a replaced source is rewritten without that source's rows first.
        var rewritten = BronzeCompactor.Without(lake, manifest, replaced, staging);
        var live = manifest.Sources.Where(s => !replaced.Contains(s.Path)).SelectMany(s => s.BronzeFiles).Distinct(StringComparer.Ordinal)
            .Select(f => rewritten.TryGetValue(f, out var rewrite) ? rewrite : lake.Absolute(f)).OfType<string>().ToList();
        foreach (var (source, index) in sources.Select((s, i) => (s, i)))
        {
            var size = new FileInfo(source).Length;
            var (hash, lines) = scans[index];
            var previous = manifest.Find(source);
            if (previous is not null && previous.ContentHash == hash)
            {
                outcomes.Add(new FileOutcome(source, size, hash, FileStatus.Unchanged, previous.Rows, null));
                continue;
            }

            progress?.Report(new IngestProgress(source, index, sources.Count, "validating and writing"));
            var fileKey = Convert.ToHexStringLower(System.IO.Hashing.XxHash64.Hash(System.Text.Encoding.UTF8.GetBytes(source)));
            var earlier = live.Concat(outcomes.Where(o => o.Staged is not null).SelectMany(o => o.Staged!.BronzeFiles)).ToList();
            var staged = stager.Stage(source, Path.Combine(staging, index.ToString(CultureInfo.InvariantCulture)), $"{ingestId}-{fileKey}", earlier, lines);
            outcomes.Add(new FileOutcome(source, size, hash, previous is null ? FileStatus.New : FileStatus.Changed, staged.Rows, staged));
        }

        progress?.Report(new IngestProgress("", sources.Count, sources.Count, "committing"));
        if (options.Strict && outcomes.Any(o => o.Rows.Quarantined > 0))
        {
            var report = WriteErrorReport(ingestId, outcomes);
            return new IngestResult(ingestId, IngestStatus.Rejected, outcomes, report, RecordQuality(mapping, ingestId, started, "rejected", outcomes));
        }

        options.AfterStaging?.Invoke();
        if (outcomes.All(o => o.Status == FileStatus.Unchanged))
        {
            return new IngestResult(ingestId, IngestStatus.NothingToDo, outcomes, null);
        }

        Commit(manifest, mapping, ingestId, started, outcomes, rewritten);
        return new IngestResult(ingestId, IngestStatus.Committed, outcomes, null, RecordQuality(mapping, ingestId, started, "committed", outcomes));
    }

    private void Commit(
        IngestManifest manifest, SourceMapping mapping, string ingestId, DateTimeOffset started, List<FileOutcome> outcomes, Dictionary<string, string?> rewritten)
    {
        var changed = outcomes.Where(o => o.Staged is not null).ToList();
        var entries = new List<SourceEntry>();
        foreach (var outcome in changed)
        {
            var staged = outcome.Staged!;
            var bronze = staged.BronzeFiles.Select(f => MoveInto(f, lake.BronzeEvents)).ToList();
            var quarantine = staged.QuarantineFile is { } q ? [MoveInto(q, lake.Quarantine)] : new List<string>();
            entries.Add(new SourceEntry(outcome.SourcePath, outcome.Size, outcome.ContentHash, ingestId, mapping.Name,
                clock.GetUtcNow(), outcome.Rows, bronze, quarantine));
        }

        options.BeforeManifest?.Invoke();
        var replaced = changed.Select(o => o.SourcePath).ToHashSet(StringComparer.Ordinal);
        var record = new IngestRecord(ingestId, started, clock.GetUtcNow(), mapping.Name, options.Strict,
            [.. outcomes.Select(o => new IngestedFile(o.SourcePath, o.Status.ToString().ToLowerInvariant(), o.Rows))]);
        // Compacted files the replaced sources shared: the rewrite moves in, or the file goes when it held nothing else.
        var moved = rewritten.ToDictionary(r => r.Key, r => r.Value is null ? null : MoveInto(r.Value, lake.BronzeEvents), StringComparer.Ordinal);
        var kept = manifest.Sources.Where(s => !replaced.Contains(s.Path))
            .Select(s => s with { BronzeFiles = [.. s.BronzeFiles.Select(f => moved.TryGetValue(f, out var m) ? m : f).OfType<string>().Distinct(StringComparer.Ordinal)] });
        var next = manifest with
        {
            Sources = [.. kept, .. entries],
            Ingests = [.. manifest.Ingests, record],
        };
        next.Save(lake);
        RemoveUnlisted(lake, next);
    }

    /// <summary>
    /// The run's quality, written to the lake once the outcome is settled — only for a committed run, as
    /// a rejected one leaves the lake untouched. A crash just before the write leaves a committed ingest
    /// without a record, never a record for data that is not in the lake.
    /// </summary>
    private IngestQuality RecordQuality(SourceMapping mapping, string ingestId, DateTimeOffset started, string status, List<FileOutcome> outcomes)
    {
        var read = outcomes.Where(o => o.Staged is not null).ToList();
        var quality = QualityCheck.Of(
            ingestId, started, mapping.Name, status, read.Count,
            read.Aggregate(RowCounts.None, (sum, o) => sum.Plus(o.Rows)),
            read.Aggregate(IngestProfile.None, (sum, o) => sum.Plus(o.Staged!.Profile)),
            QualityLog.PreviousCommitted(lake, mapping.Name),
            options.Quality);
        if (status == "committed")
        {
            QualityLog.Write(lake, quality);
        }

        return quality;
    }

    private string MoveInto(string stagedFile, string target) => MoveInto(lake, stagedFile, target);

    /// <summary>Moves a staged file to the same <c>event_date=</c> folder (if any) under <paramref name="target"/>; returns its lake-relative path.</summary>
    internal static string MoveInto(Lake lake, string stagedFile, string target)
    {
        var destination = Path.Combine(target, Lake.DateFolder(stagedFile), Path.GetFileName(stagedFile));
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(stagedFile, destination);
        return lake.Relative(destination);
    }

    /// <summary>Clears what an interrupted run left: staging folders, and data files the manifest does not list.</summary>
    private void Recover()
    {
        if (Directory.Exists(lake.Staging))
        {
            Directory.Delete(lake.Staging, recursive: true);
        }

        RemoveUnlisted(lake, IngestManifest.Load(lake));
    }

    /// <summary>Deletes bronze and quarantine files <paramref name="manifest"/> does not list (what a replaced or interrupted run left).</summary>
    internal static void RemoveUnlisted(Lake lake, IngestManifest manifest)
    {
        var live = manifest.AllFiles().Select(lake.Absolute).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in new[] { lake.BronzeEvents, lake.Quarantine }.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).ToList())
            {
                if (!live.Contains(file))
                {
                    File.Delete(file);
                }
            }

            foreach (var empty in Directory.EnumerateDirectories(folder).Where(d => !Directory.EnumerateFileSystemEntries(d).Any()).ToList())
            {
                Directory.Delete(empty);
            }
        }
    }

    private string WriteErrorReport(string ingestId, List<FileOutcome> outcomes)
    {
        var path = options.ErrorReportPath ?? Path.Combine(lake.Reports, $"ingest-{ingestId}-errors.csv");
        var files = outcomes.Select(o => o.Staged?.QuarantineFile).OfType<string>().ToList();
        using var db = DuckDb.Open(lake.Spill, options.MemoryLimit);
        AtomicFile.Write(path, temp => db.Execute(
            $"COPY (SELECT source_file, line, \"column\", \"value\", rule FROM read_parquet({DuckDb.ListLiteral(files)}) ORDER BY source_file, line) " +
            $"TO {DuckDb.Literal(temp)} (FORMAT csv, HEADER)"));
        return path;
    }
}
