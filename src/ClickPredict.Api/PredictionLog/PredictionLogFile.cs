using ClickPredict.Features;
using ClickPredict.Monitoring;
using Parquet;
using Parquet.Schema;

namespace ClickPredict.Api.PredictionLog;

/// <summary>
/// One prediction-log file in the layout <see cref="PredictionLogSchema"/> defines: Snappy Parquet, one
/// row group per buffered batch, written under its partial name and renamed once its footer is on disk.
/// </summary>
internal sealed class PredictionLogFile : IAsyncDisposable
{
    public const string SchemaVersion = "1";

    // Milliseconds: Parquet.Net 6.1 writes a timestamp column's statistics in milliseconds whatever its
    // unit (its issue 769), and DuckDB trusts them; with micros, ORDER BY logged_at returned wrong rows.
    private static readonly DataField LoggedAt = new DateTimeDataField(PredictionLogSchema.LoggedAt, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, false);
    private static readonly DataField UserId = new DataField<string>(PredictionLogSchema.UserId, false);
    private static readonly DataField Events = new DataField<int>(PredictionLogSchema.Events, false);
    private static readonly DataField LastEventTime = new DateTimeDataField(PredictionLogSchema.LastEventTime, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, false);
    private static readonly DataField ModelName = new DataField<string>(PredictionLogSchema.ModelName, false);
    private static readonly DataField ModelVersion = new DataField<int>(PredictionLogSchema.ModelVersion, false);
    private static readonly DataField ModelAlias = new DataField<string>(PredictionLogSchema.ModelAlias, false);
    private static readonly DataField SnapshotBuild = new DataField<string>(PredictionLogSchema.SnapshotBuild, false);
    private static readonly DataField Probability = new DataField<double>(PredictionLogSchema.Probability, false);
    private static readonly DataField Threshold = new DataField<double>(PredictionLogSchema.Threshold, false);
    private static readonly DataField Purchase = new DataField<bool>(PredictionLogSchema.Purchase, false);
    private static readonly DataField[] FeatureFields = [.. FeatureCatalog.Names.Select(n => new DataField<double>(n, false))];

    public static readonly ParquetSchema Schema = new([LoggedAt, UserId, Events, LastEventTime, ModelName, ModelVersion, ModelAlias, SnapshotBuild, Probability, Threshold, Purchase, .. FeatureFields]);

    private readonly FileStream stream;
    private readonly ParquetWriter writer;
    private readonly string temporary;
    private readonly string final;

    private PredictionLogFile(FileStream stream, ParquetWriter writer, string temporary, string final)
    {
        this.stream = stream;
        this.writer = writer;
        this.temporary = temporary;
        this.final = final;
    }

    public int Rows { get; private set; }

    public DateTime OpenedAt { get; } = DateTime.UtcNow;

    public static async Task<PredictionLogFile> CreateAsync(string folder, CancellationToken cancel)
    {
        Directory.CreateDirectory(folder);
        var name = PredictionLogSchema.FileName(DateTime.UtcNow);
        var temporary = Path.Combine(folder, PredictionLogSchema.PartialName(name));
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var writer = await ParquetWriter.CreateAsync(Schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, append: false, cancel);
        writer.CustomMetadata = new Dictionary<string, string>
        {
            ["prediction_log_schema"] = SchemaVersion,
            ["feature_set_version"] = FeatureSetVersion.Current,
        };
        return new PredictionLogFile(stream, writer, temporary, Path.Combine(folder, name));
    }

    public async Task WriteAsync(IReadOnlyList<PredictionRecord> rows, CancellationToken cancel)
    {
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<DateTime>(LoggedAt, Column(rows, r => r.LoggedAt.UtcDateTime), cancellationToken: cancel);
        await group.WriteAsync<ReadOnlyMemory<char>>(UserId, Column(rows, r => r.UserId.AsMemory()), cancellationToken: cancel);
        await group.WriteAsync<int>(Events, Column(rows, r => r.Events), cancellationToken: cancel);
        await group.WriteAsync<DateTime>(LastEventTime, Column(rows, r => r.LastEventTime), cancellationToken: cancel);
        await group.WriteAsync<ReadOnlyMemory<char>>(ModelName, Column(rows, r => r.ModelName.AsMemory()), cancellationToken: cancel);
        await group.WriteAsync<int>(ModelVersion, Column(rows, r => r.ModelVersion), cancellationToken: cancel);
        await group.WriteAsync<ReadOnlyMemory<char>>(ModelAlias, Column(rows, r => r.ModelAlias.AsMemory()), cancellationToken: cancel);
        await group.WriteAsync<ReadOnlyMemory<char>>(SnapshotBuild, Column(rows, r => r.SnapshotBuild.AsMemory()), cancellationToken: cancel);
        await group.WriteAsync<double>(Probability, Column(rows, r => r.Probability), cancellationToken: cancel);
        await group.WriteAsync<double>(Threshold, Column(rows, r => r.Threshold), cancellationToken: cancel);
        await group.WriteAsync<bool>(Purchase, Column(rows, r => r.Purchase), cancellationToken: cancel);
        for (var f = 0; f < FeatureFields.Length; f++)
        {
            var feature = f;
            await group.WriteAsync<double>(FeatureFields[f], Column(rows, r => r.Features[feature]), cancellationToken: cancel);
        }

        group.CompleteValidate();
        Rows += rows.Count;
    }

    /// <summary>Writes the footer, syncs the file and renames it into place; returns the final path.</summary>
    public async Task<string> FinishAsync()
    {
        await writer.DisposeAsync();
        await stream.FlushAsync();
        stream.Flush(flushToDisk: true);
        await stream.DisposeAsync();
        File.Move(temporary, final);
        return final;
    }

    /// <summary>Abandons an unfinished file (nothing was written to it).</summary>
    public async ValueTask DisposeAsync()
    {
        await writer.DisposeAsync();
        await stream.DisposeAsync();
        if (File.Exists(temporary))
        {
            File.Delete(temporary);
        }
    }

    private static ReadOnlyMemory<T> Column<T>(IReadOnlyList<PredictionRecord> rows, Func<PredictionRecord, T> value)
    {
        var column = new T[rows.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }

        return column;
    }
}
