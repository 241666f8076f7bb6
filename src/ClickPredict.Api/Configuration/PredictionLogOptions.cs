using System.ComponentModel.DataAnnotations;

namespace ClickPredict.Api.Configuration;

/// <summary>Section <c>PredictionLog</c>: where scored requests go for monitoring, and how files rotate.</summary>
internal sealed class PredictionLogOptions
{
    public const string Section = "PredictionLog";

    /// <summary>Empty turns the log off.</summary>
    public string? Folder { get; set; } = "data/predictions";

    /// <summary>Rows waiting to be written; beyond it new rows are dropped and counted, never waited for.</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 100_000;

    /// <summary>A file is finalised after this many rows…</summary>
    [Range(1, 10_000_000)]
    public int RowsPerFile { get; set; } = 100_000;

    /// <summary>…or this long after its first row, whichever comes first.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxFileAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows per Parquet row group: what is buffered in memory before a write.</summary>
    [Range(1, 1_000_000)]
    public int RowsPerGroup { get; set; } = 5_000;

    public bool Enabled => !string.IsNullOrWhiteSpace(Folder);
}
