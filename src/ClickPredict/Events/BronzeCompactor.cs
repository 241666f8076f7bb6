using ClickPredict.Storage;
using DuckDB.NET.Data;

namespace ClickPredict.Events;

/// <summary>
/// Compacts bronze: every event date held in several files (one per source file and ingest) gets
/// one file instead, <c>compact-*.parquet</c> in the same <c>event_date=</c> folder. A compacted row
/// keeps the path of the source it came from in an extra <c>_source</c> column, so a later ingest that
/// replaces a changed source can take exactly that source's rows out again (<see cref="Without"/>).
/// The manifest is the commit point: the new files are written first, the manifest then lists them
/// in place of the old ones for every source they hold rows of, and the old files go last.
/// Nothing else changes: the rows, the sources' content hashes and ingest ids, so silver and gold
/// built before stay current.
/// </summary>
internal sealed class BronzeCompactor(Lake lake, TimeProvider? clock = null)
{
    public const string SourceColumn = "_source";
    private const string Prefix = "compact-";
    private const string Columns = "event_time, user_id, session_id, event_type, item_id, category, brand, price";

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    /// <summary>Compacts every date with at least <paramref name="minFiles"/> files.</summary>
    public CompactionResult Run(int minFiles = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minFiles, 2);
        using var _ = lake.Lock();
        var manifest = IngestManifest.Load(lake);
        using var run = StageRun.Start(lake, "compact", clock);
        var (id, staging) = (run.Id, run.Folder);
        var dates = Owners(manifest)
            .GroupBy(f => Lake.DateFolder(f.Key), StringComparer.Ordinal)
            .Where(g => g.Count() >= minFiles)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (dates.Count == 0)
        {
            return new CompactionResult(0, 0, 0);
        }

        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        long rows = 0;
        using (var db = DuckDb.Open(lake.Spill))
        {
            foreach (var date in dates)
            {
                var target = Path.Combine(staging, date.Key, $"{Prefix}{id}.parquet");
                var files = date.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
                rows += Write(lake, db, files, _ => true, target);
                var moved = EventIngestor.MoveInto(lake, target, lake.BronzeEvents);
                foreach (var file in files.Keys)
                {
                    replacements[file] = moved;
                }
            }
        }

        var next = manifest with { Sources = [.. manifest.Sources.Select(s => s with { BronzeFiles = Replace(s.BronzeFiles, replacements) })] };
        next.Save(lake);
        EventIngestor.RemoveUnlisted(lake, next);
        return new CompactionResult(dates.Count, replacements.Count, rows);
    }

    /// <summary>
    /// For an ingest replacing the <paramref name="replaced"/> sources: each compacted file holding
    /// rows of one of them, rewritten into <paramref name="staging"/> without those rows (null when
    /// nothing else is left), keyed by its lake-relative path.
    /// </summary>
    public static Dictionary<string, string?> Without(Lake lake, IngestManifest manifest, IReadOnlySet<string> replaced, string staging)
    {
        var rewrites = new Dictionary<string, string?>(StringComparer.Ordinal);
        var shared = Owners(manifest).Where(f => IsCompacted(f.Key) && f.Value.Overlaps(replaced)).ToList();
        if (shared.Count == 0)
        {
            return rewrites;
        }

        using var db = DuckDb.Open(lake.Spill);
        foreach (var (file, owners) in shared)
        {
            var target = Path.Combine(staging, "rewritten", Lake.DateFolder(file), $"{Prefix}{Guid.NewGuid():N}.parquet");
            var rows = Write(lake, db, new Dictionary<string, HashSet<string>> { [file] = owners }, source => !replaced.Contains(source), target);
            rewrites[file] = rows > 0 ? target : null;
        }

        return rewrites;
    }

    /// <summary>Applies rewritten or compacted files (old lake-relative path → new one, null: gone) to a source's file list.</summary>
    public static IReadOnlyList<string> Replace(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> replacements) =>
        [.. files.Select(f => replacements.GetValueOrDefault(f, f)).Distinct(StringComparer.Ordinal)];

    public static bool IsCompacted(string file) => Path.GetFileName(file).StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Every live bronze file (lake-relative) and the sources with rows in it.</summary>
    private static Dictionary<string, HashSet<string>> Owners(IngestManifest manifest)
    {
        var owners = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var source in manifest.Sources)
        {
            foreach (var file in source.BronzeFiles)
            {
                if (!owners.TryGetValue(file, out var set))
                {
                    owners[file] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(source.Path);
            }
        }

        return owners;
    }

    /// <summary>
    /// Writes the rows of <paramref name="files"/> whose source passes <paramref name="keep"/> to one
    /// file, ordered by source and then by content so the same rows always give the same file, and
    /// checks the count against the inputs': a compaction never loses or adds a row.
    /// </summary>
    private static long Write(Lake lake, DuckDBConnection db, IReadOnlyDictionary<string, HashSet<string>> files, Func<string, bool> keep, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var parts = files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => IsCompacted(f.Key)
            ? $"SELECT {Columns}, {SourceColumn} FROM read_parquet({DuckDb.Literal(lake.Absolute(f.Key))}, hive_partitioning = false)"
            : $"SELECT {Columns}, {DuckDb.Literal(f.Value.Single())} AS {SourceColumn} FROM read_parquet({DuckDb.Literal(lake.Absolute(f.Key))}, hive_partitioning = false)");
        var kept = files.Values.SelectMany(o => o).Distinct(StringComparer.Ordinal).Where(keep).ToList();
        var rows = $"SELECT * FROM ({string.Join("\nUNION ALL\n", parts)}) WHERE list_contains($kept, {SourceColumn})";
        var expected = db.Scalar<long>($"SELECT count(*) FROM ({rows})", ("kept", kept));
        var written = db.Execute(
            $"COPY ({rows} ORDER BY {SourceColumn}, {Columns}) TO {DuckDb.Literal(target)} (FORMAT parquet, COMPRESSION snappy)", ("kept", kept));
        if (written != expected)
        {
            throw new InvalidOperationException($"Compacting wrote {written} row(s) of {expected}; nothing was committed.");
        }

        return written;
    }
}

/// <summary>What a compaction did: dates compacted, files replaced, rows rewritten.</summary>
internal sealed record CompactionResult(int Dates, int FilesReplaced, long Rows);
