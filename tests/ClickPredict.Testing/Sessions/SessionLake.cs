using System.Globalization;
using ClickPredict.Events;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using ClickPredict.Tests.Support;

namespace ClickPredict.Tests.Sessions;

/// <summary>
/// A lake in a temp folder, fed canonical CSV through the real ingest and sessionized for real; its
/// readers return silver rows in file order, so a test sees exactly what was written.
/// </summary>
internal sealed class SessionLake : IDisposable
{
    private const string Header = "event_time,user_id,session_id,event_type,item_id,category,brand,price";
    private readonly TempFolder temp = new();
    private int files;

    public SessionLake() => Lake = new Lake(temp.Combine("lake"));

    public Lake Lake { get; }

    /// <summary>One canonical CSV row; a null session id or price is an empty field.</summary>
    public static string Event(string time, string user, string? session = null, string type = "view", string item = "i1",
        double? price = 1.0, string? category = "c1", string? brand = "b1") =>
        string.Join(',', time, user, session, type, item, category, brand, price?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Ingests the rows as one new source file (canonical preset), so each call adds bronze files.</summary>
    public SessionLake Ingest(params IEnumerable<string> rows)
    {
        var path = temp.File($"in/events-{files++:000}.csv", string.Join('\n', [Header, .. rows]) + "\n");
        var result = new EventIngestor(Lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), path);
        Assert.Equal(IngestStatus.Committed, result.Status);
        Assert.Equal(0, result.Rows.Quarantined);
        return this;
    }

    public SessionizeResult Sessionize(TimeSpan? gap = null, bool full = false) =>
        new Sessionizer(Lake, new SessionizeOptions { Gap = gap ?? SessionizeOptions.DefaultGap, Full = full }).Run();

    public SessionsManifest Silver => SessionsManifest.Load(Lake) ?? throw new InvalidOperationException("Nothing was sessionized.");

    /// <summary>
    /// One expression over <c>session_events</c> (of <paramref name="files"/>, or all), each event with
    /// its <c>session_key</c> from <c>sessions</c>, in the written order unless <paramref name="orderBy"/>
    /// gives another.
    /// </summary>
    public List<T> Events<T>(string expression, string where = "true", IReadOnlyList<string>? files = null, string orderBy = "file_number, file_row_number")
    {
        var events = List(files ?? Silver.SessionEventsPaths(Lake));
        return Query<T>(
            $"""
            SELECT {expression}
            FROM (SELECT s.session_key, e.* EXCLUDE (filename), list_position({events}, e.filename) AS file_number
                  FROM read_parquet({events}, filename = true, file_row_number = true) e
                  JOIN read_parquet({List(Silver.SessionsPaths(Lake))}) s USING (user_id, session_number))
            WHERE {where}
            ORDER BY {orderBy}
            """);
    }

    /// <summary>One expression over <c>sessions</c>, in the written order.</summary>
    public List<T> Sessions<T>(string expression, string where = "true") => Read<T>(Silver.SessionsPaths(Lake), expression, where);

    /// <summary>Every column of every row as text, in the written order: "identical content" compares these.</summary>
    public List<string> AllRows(IReadOnlyList<string> files) =>
        Read<string>(files, "concat_ws('|', coalesce(CAST(COLUMNS(*) AS VARCHAR), 'NULL'))", "true");

    /// <summary>One expression over the rows of <paramref name="paths"/>, in the written order.</summary>
    public List<T> Read<T>(IReadOnlyList<string> paths, string expression, string where = "true") =>
        Query<T>($"SELECT {expression} FROM read_parquet({List(paths)}) WHERE {where}");

    private static string List(IReadOnlyList<string> paths) => $"[{string.Join(", ", paths.Select(DuckDb.Literal))}]";

    private List<T> Query<T>(string sql)
    {
        using var db = DuckDb.Open(Lake.Spill);
        using var reader = db.Query(sql);
        var values = new List<T>();
        while (reader.Read())
        {
            values.Add(reader.IsDBNull(0) ? default! : (T)reader.GetValue(0));
        }

        return values;
    }

    public void Dispose() => temp.Dispose();
}
