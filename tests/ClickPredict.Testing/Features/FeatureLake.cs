using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Generation;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using ClickPredict.Tests.Sessions;
using ClickPredict.Tests.Support;

namespace ClickPredict.Tests.Features;

/// <summary>
/// A lake run through the real pipeline (ingest → sessionize → features) in a temp folder, with
/// readers for what gold and silver hold. Builds on <see cref="SessionLake"/> for the first two stages.
/// </summary>
internal sealed class FeatureLake : IDisposable
{
    private readonly SessionLake sessions = new();
    private readonly TempFolder temp = new();

    public Lake Lake => sessions.Lake;

    /// <summary>A scratch folder outside the lake, removed with it.</summary>
    public string Folder => temp.Path;

    /// <summary>Canonical CSV rows (see <see cref="SessionLake.Event"/>) ingested and sessionized.</summary>
    public static FeatureLake FromRows(IEnumerable<string> rows)
    {
        var lake = new FeatureLake();
        lake.sessions.Ingest(rows);
        lake.sessions.Sessionize();
        return lake;
    }

    /// <summary>A source file ingested with a preset, then sessionized.</summary>
    public static FeatureLake FromFile(string preset, string path)
    {
        var lake = new FeatureLake();
        var result = new EventIngestor(lake.Lake, new IngestOptions()).Run(SourceMappings.Load(preset), path);
        Assert.Equal(IngestStatus.Committed, result.Status);
        lake.sessions.Sessionize();
        return lake;
    }

    /// <summary>Generated events (canonical CSV), ingested and sessionized.</summary>
    public static FeatureLake Generated(long events, long seed, double priceFactor = 1.0)
    {
        var lake = new FeatureLake();
        var summary = ClickstreamGenerator.Write(
            new GeneratorOptions { Events = events, Seed = seed, PriceFactor = priceFactor }, Path.Combine(lake.Folder, "generated"));
        var result = new EventIngestor(lake.Lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), summary.Files[0]);
        Assert.Equal(IngestStatus.Committed, result.Status);
        lake.sessions.Sessionize();
        return lake;
    }

    /// <summary>Ingests more rows (without sessionizing them).</summary>
    public void Ingest(IEnumerable<string> rows) => sessions.Ingest(rows);

    /// <summary>Sessionizes what is in bronze now.</summary>
    public SessionizeResult Sessionize(bool full = false) => sessions.Sessionize(full: full);

    /// <summary>Every row of the three online snapshot files as text, in the written order.</summary>
    public List<string> OnlineRows() =>
        [.. new[] { GoldLake.UsersFile, GoldLake.ItemsFile, GoldLake.CategoriesFile }
            .SelectMany(f => sessions.AllRows([Path.Combine(Lake.GoldOnline, f)]).Select(row => f + " " + row))];

    /// <summary>
    /// Every example's features computed online from <paramref name="history"/> (history before its
    /// session's start) equal gold's to 1e-9; <paramref name="source"/> names the history in a failure.
    /// </summary>
    public static void AssertLiveFeaturesEqualGold(
        ILiveHistory history, IEnumerable<GoldExample> examples, Dictionary<string, List<SessionEvent>> sessions, string source)
    {
        var values = new double[FeatureCatalog.Count];
        foreach (var example in examples)
        {
            var prefix = sessions[example.SessionKey].Take(example.CutK).ToArray();
            var start = EpochMicros.Of(example.SessionStart);
            var reads = history.Read(example.UserId, prefix[^1].ItemId, prefix[^1].Category, start);
            OnlineFeatures.Compute(prefix, reads.User, reads.Item, reads.Category, values);
            for (var i = 0; i < values.Length; i++)
            {
                Assert.True(Math.Abs(values[i] - example.Features[i]) <= 1e-9 * Math.Max(1, Math.Abs(example.Features[i])),
                    $"{example.SessionKey} cut {example.CutK}: {FeatureCatalog.Names[i]} is {values[i]} {source}, {example.Features[i]} in gold");
            }
        }
    }

    /// <summary>Every silver row as text, sorted: the same sessions whatever files silver is split into.</summary>
    public (List<string> Events, List<string> Sessions) SilverRows() =>
        ([.. sessions.AllRows(sessions.Silver.SessionEventsPaths(Lake)).Order(StringComparer.Ordinal)],
         [.. sessions.AllRows(sessions.Silver.SessionsPaths(Lake)).Order(StringComparer.Ordinal)]);

    public SessionsManifest Silver => sessions.Silver;

    /// <summary>A full features build, then each date's examples file as its date and the XXH128 of its bytes.</summary>
    public List<string> GoldFileHashes()
    {
        var gold = Build(new FeatureOptions { Full = true }).Gold;
        return [.. gold.ExamplesByDate!.OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => d.Key + " " + Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(File.ReadAllBytes(Lake.Absolute(d.Value.File)))))];
    }

    public FeaturesResult Build(FeatureOptions? options = null) => new FeatureBuilder(Lake, options ?? new FeatureOptions()).Run();

    public FeaturesManifest Gold => FeaturesManifest.Load(Lake) ?? throw new InvalidOperationException("No features were built.");

    /// <summary>Every gold example, keyed by session and cut.</summary>
    public Dictionary<(string SessionKey, int CutK), GoldExample> Examples()
    {
        var names = string.Join(", ", FeatureCatalog.Names);
        using var db = DuckDb.Open(Lake.Spill);
        using var reader = db.Query(
            $"SELECT session_key, cut_k, user_id, session_start, cut_time, label, {names} FROM read_parquet($files) ORDER BY session_key, cut_k",
            ("files", Gold.ExamplesPaths(Lake).ToList()));
        var rows = new Dictionary<(string, int), GoldExample>();
        while (reader.Read())
        {
            var features = new double[FeatureCatalog.Count];
            for (var i = 0; i < features.Length; i++)
            {
                features[i] = reader.GetDouble(6 + i);
            }

            var row = new GoldExample(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetDateTime(3), reader.GetDateTime(4), reader.GetBoolean(5), features);
            rows.Add((row.SessionKey, row.CutK), row);
        }

        return rows;
    }

    /// <summary>
    /// Every silver event as the shop would post it live, in time order: the event id is the session
    /// key and position, the session id the source's (null for a gap session).
    /// </summary>
    public List<LiveEvent> LiveEvents()
    {
        using var db = DuckDb.Open(Lake.Spill);
        using var reader = db.Query(
            """
            SELECT session_key || '#' || event_index, user_id, session_id, epoch_us(event_time), event_type, item_id, category, price
            FROM read_parquet($files) e JOIN read_parquet($sessions) s USING (user_id, session_number)
            ORDER BY event_time, session_key, event_index
            """,
            ("files", Silver.SessionEventsPaths(Lake).ToList()), ("sessions", Silver.SessionsPaths(Lake).ToList()));
        var events = new List<LiveEvent>();
        var types = CanonicalEventTypes.All.ToList();
        while (reader.Read())
        {
            events.Add(new LiveEvent(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3),
                (EventType)types.IndexOf(reader.GetString(4)), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetDouble(7)));
        }

        return events;
    }

    /// <summary>
    /// The start of a session around 60 % of the way through silver, before which every session ended
    /// at least the gap earlier: a snapshot as of then cuts no session, so events after it can be
    /// replayed live and give the gold rows.
    /// </summary>
    public DateTime QuietInstant()
    {
        var spans = sessions.Sessions<DateTime>("session_start").Zip(sessions.Sessions<DateTime>("session_end")).ToList();
        var starts = spans.Select(s => s.First).Order().ToList();
        return starts.Skip(starts.Count * 6 / 10).First(t => spans.All(s => s.First >= t || s.Second + SessionizeOptions.DefaultGap <= t));
    }

    /// <summary>The events of the given sessions, read back from silver in silver's order.</summary>
    public Dictionary<string, List<SessionEvent>> SessionEvents(IEnumerable<string> sessionKeys)
    {
        using var db = DuckDb.Open(Lake.Spill);
        using var reader = db.Query(
            """
            SELECT session_key, event_time, event_type, item_id, category, price, brand
            FROM read_parquet($files) e JOIN read_parquet($sessions) s USING (user_id, session_number)
            WHERE list_contains($keys, session_key)
            ORDER BY session_key, event_index
            """,
            ("files", Silver.SessionEventsPaths(Lake).ToList()), ("sessions", Silver.SessionsPaths(Lake).ToList()), ("keys", sessionKeys.Distinct().ToList()));
        var events = new Dictionary<string, List<SessionEvent>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var type = (EventType)CanonicalEventTypes.All.ToList().IndexOf(reader.GetString(2));
            var e = new SessionEvent(reader.GetDateTime(1), type, reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetString(6));
            var key = reader.GetString(0);
            if (!events.TryGetValue(key, out var list))
            {
                events[key] = list = [];
            }

            list.Add(e);
        }

        return events;
    }

    public void Dispose()
    {
        sessions.Dispose();
        temp.Dispose();
    }

    /// <summary>Generated canonical rows by event date.</summary>
    public static SortedDictionary<DateOnly, List<string>> GeneratedDays(long events, long seed)
    {
        using var folder = new TempFolder();
        var summary = ClickstreamGenerator.Write(new GeneratorOptions { Events = events, Seed = seed }, folder.Path);
        var days = new SortedDictionary<DateOnly, List<string>>();
        foreach (var row in File.ReadLines(summary.Files[0]).Skip(1))
        {
            var date = DateOnly.ParseExact(row[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (!days.TryGetValue(date, out var rows))
            {
                days[date] = rows = [];
            }

            rows.Add(row);
        }

        Assert.True(days.Count >= 3, $"the generated events span {days.Count} day(s)");
        return days;
    }
}
