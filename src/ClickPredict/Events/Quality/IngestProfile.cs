using ClickPredict.Storage;
using DuckDB.NET.Data;

namespace ClickPredict.Events.Quality;

/// <summary>
/// What one ingest's rows look like, beyond where they went: NULL canonical values among the rows
/// read, and the accepted rows' event-type mix and time range. Computed per file in the staging
/// session and summed over the files of an ingest.
/// </summary>
internal sealed record IngestProfile(
    long RowsProfiled,
    IReadOnlyDictionary<string, long> Nulls,
    IReadOnlyDictionary<string, long> EventTypes,
    DateTime? FirstEvent,
    DateTime? LastEvent)
{
    public static readonly IReadOnlyList<string> Columns = ["event_time", "user_id", "session_id", "event_type", "item_id", "category", "brand", "price"];

    /// <summary>Canonical fields every accepted row must have; a NULL rate over the threshold raises an alert.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["event_time", "user_id", "event_type", "item_id"];

    public static IngestProfile None { get; } = new(0, new Dictionary<string, long>(), new Dictionary<string, long>(), null, null);

    /// <summary>Profiles the <c>staged</c> and <c>duplicate_rows</c> tables of a file being ingested.</summary>
    public static IngestProfile Of(DuckDBConnection db)
    {
        using var reader = db.Query(DuckDb.Sql("Events/Quality/Sql/ingest_profile.sql"));
        reader.Read();
        var nulls = Columns.Select((c, i) => (c, reader.GetInt64(1 + i))).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal);
        var types = CanonicalEventTypes.All.Select((t, i) => (t, reader.GetInt64(1 + Columns.Count + i))).ToDictionary(p => p.t, p => p.Item2, StringComparer.Ordinal);
        var first = 1 + Columns.Count + CanonicalEventTypes.All.Count;
        return new IngestProfile(
            reader.GetInt64(0), nulls, types,
            reader.IsDBNull(first) ? null : reader.GetDateTime(first),
            reader.IsDBNull(first + 1) ? null : reader.GetDateTime(first + 1));
    }

    public IngestProfile Plus(IngestProfile other) => new(
        RowsProfiled + other.RowsProfiled,
        Sum(Nulls, other.Nulls),
        Sum(EventTypes, other.EventTypes),
        Earlier(FirstEvent, other.FirstEvent),
        Later(LastEvent, other.LastEvent));

    private static Dictionary<string, long> Sum(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b) =>
        a.Concat(b).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);

    private static DateTime? Earlier(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
