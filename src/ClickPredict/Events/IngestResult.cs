using ClickPredict.Events.Quality;
using ClickPredict.Storage;

namespace ClickPredict.Events;

internal enum IngestStatus
{
    Committed,
    NothingToDo,
    Rejected,
}

internal enum FileStatus
{
    New,
    Changed,
    Unchanged,
}

internal sealed record FileOutcome(string SourcePath, long Size, string ContentHash, FileStatus Status, RowCounts Rows, StagedFile? Staged);

/// <summary>What an ingest did; <c>Quality</c> (also stored in the lake) is null when no file was read.</summary>
internal sealed record IngestResult(string IngestId, IngestStatus Status, IReadOnlyList<FileOutcome> Files, string? ErrorReport, IngestQuality? Quality = null)
{
    /// <summary>Counts over the files read in this run (unchanged files are not read again).</summary>
    public RowCounts Rows => Files.Where(f => f.Status != FileStatus.Unchanged).Aggregate(RowCounts.None, (sum, f) => sum.Plus(f.Rows));
}

internal sealed record IngestProgress(string File, int Index, int Count, string Step);
