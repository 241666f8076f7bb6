using ClickPredict.Storage;
using Parquet;
using Parquet.Schema;

namespace ClickPredict.Features;

/// <summary>
/// The online snapshot as the ordered pass captured it: every user with history and every item and
/// category seen, strictly before the cutoff, each sorted by id (ordinal, as DuckDB sorts VARCHAR
/// bytes for ASCII ids). <see cref="Write"/> gives the three <c>gold/online</c> files the columns
/// <c>Sql/snapshot_*.sql</c> select.
/// </summary>
internal sealed class OnlineState
{
    private static readonly DataField Sessions = new DataField<long>("sessions");
    private static readonly DataField Converted = new DataField<long>("converted_sessions");
    private static readonly DataField Purchases = new DataField<long>("purchases");
    private static readonly DataField Spend = new DataField<double>("spend");
    private static readonly DataField Views = new DataField<long>("views");
    private static readonly DataField ViewPriceSum = new DataField<double>("view_price_sum");
    private static readonly DataField PricedViews = new DataField<long>("priced_views");

    private readonly List<(string Id, UserHistory History)> users = [];
    private readonly List<(string Id, EntityStats Stats)> items = [];
    private readonly List<(string Id, EntityStats Stats)> categories = [];

    public static OnlineState Capture(HistoryReplay replay, SilverEvents silver, Func<int, bool> inScope)
    {
        var state = new OnlineState();
        foreach (var u in ByName(silver.UserIds, u => inScope(u) && replay.User(u).Known))
        {
            state.users.Add((silver.UserIds[u], replay.User(u)));
        }

        foreach (var i in ByName(silver.ItemIds, i => replay.Item(i) is var stats && stats.Views + stats.Purchases > 0))
        {
            state.items.Add((silver.ItemIds[i], replay.Item(i)));
        }

        foreach (var c in ByName(silver.CategoryIds, c => replay.Category(c) is var stats && stats.Views + stats.Purchases > 0))
        {
            state.categories.Add((silver.CategoryIds[c], replay.Category(c)));
        }

        return state;
    }

    /// <summary>
    /// The numbers of the <paramref name="names"/> that pass <paramref name="keep"/>, in ordinal order
    /// of the name. Sorted by the name's first eight UTF-16 code units packed into one integer (zero
    /// past its end), then each run of equal prefixes by the whole name: comparing integers is a few
    /// times cheaper than comparing strings (556 k user ids: 380–450 ms ordinal, 147 ms by prefix).
    /// Names are distinct, so the order is exact and the same on every run.
    /// </summary>
    internal static int[] ByName(IReadOnlyList<string> names, Func<int, bool> keep)
    {
        var numbers = Enumerable.Range(0, names.Count).Where(keep).ToArray();
        var prefixes = Array.ConvertAll(numbers, n => OrdinalPrefix(names[n]));
        Array.Sort(prefixes, numbers);
        var byWholeName = Comparer<int>.Create((a, b) => string.CompareOrdinal(names[a], names[b]));
        for (int start = 0, end; start < numbers.Length; start = end)
        {
            end = start + 1;
            while (end < numbers.Length && prefixes[end] == prefixes[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(numbers, start, end - start, byWholeName);
            }
        }

        return numbers;
    }

    /// <summary>
    /// The first eight code units, most significant first: where two prefixes differ, the names
    /// compare ordinally as the prefixes do (a name that ends first reads as zeros, and is the smaller
    /// unless the other goes on with a zero, which ties and falls to the whole-name comparison).
    /// </summary>
    private static UInt128 OrdinalPrefix(string name)
    {
        UInt128 prefix = 0;
        for (var i = 0; i < 8; i++)
        {
            prefix = (prefix << 16) | (i < name.Length ? name[i] : 0u);
        }

        return prefix;
    }

    public SnapshotCounts Write(string folder, DateTime asOf, IReadOnlyDictionary<string, string> metadata)
    {
        Directory.CreateDirectory(folder);
        var userId = new DataField<string>("user_id", false);
        var firstSeen = RowGroupEncoder.Timestamp("first_seen");
        var lastEvent = RowGroupEncoder.Timestamp("last_event_time");
        WriteFile(Path.Combine(folder, GoldLake.UsersFile), new ParquetSchema(userId, Sessions, Converted, Purchases, Spend, firstSeen, lastEvent), metadata, group =>
        {
            Column(group, userId, users, u => u.Id.AsMemory());
            Column(group, Sessions, users, u => u.History.Sessions);
            Column(group, Converted, users, u => u.History.ConvertedSessions);
            Column(group, Purchases, users, u => u.History.Purchases);
            Column(group, Spend, users, u => u.History.Spend);
            Column(group, firstSeen, users, u => EpochMicros.ToTime(u.History.FirstSeenMicros));
            Column(group, lastEvent, users, u => EpochMicros.ToTime(u.History.LastEventMicros));
        });
        WriteStats(Path.Combine(folder, GoldLake.ItemsFile), "item_id", items, prices: false, metadata);
        WriteStats(Path.Combine(folder, GoldLake.CategoriesFile), "category", categories, prices: true, metadata);
        return new SnapshotCounts(asOf, users.Count, items.Count, categories.Count);
    }

    /// <summary>Items carry views and purchases; categories also the sum and count of their views' prices.</summary>
    private static void WriteStats(
        string file, string idColumn, List<(string Id, EntityStats Stats)> rows, bool prices, IReadOnlyDictionary<string, string> metadata)
    {
        var id = new DataField<string>(idColumn, false);
        var schema = prices ? new ParquetSchema(id, Views, Purchases, ViewPriceSum, PricedViews) : new ParquetSchema(id, Views, Purchases);
        WriteFile(file, schema, metadata, group =>
        {
            Column(group, id, rows, r => r.Id.AsMemory());
            Column(group, Views, rows, r => r.Stats.Views);
            Column(group, Purchases, rows, r => r.Stats.Purchases);
            if (prices)
            {
                Column(group, ViewPriceSum, rows, r => r.Stats.ViewPriceSum);
                Column(group, PricedViews, rows, r => r.Stats.PricedViews);
            }
        });
    }

    private static void WriteFile(string file, ParquetSchema schema, IReadOnlyDictionary<string, string> metadata, Action<ParquetRowGroupWriter> columns)
    {
        using var stream = File.Create(file);
        var writer = ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).GetAwaiter().GetResult();
        try
        {
            writer.CustomMetadata = metadata.ToDictionary();
            using var group = writer.CreateRowGroup();
            columns(group);
            group.CompleteValidate();
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Column<TRow, T>(ParquetRowGroupWriter group, DataField field, List<TRow> rows, Func<TRow, T> value)
        where T : struct =>
        group.WriteAsync<T>(field, rows.Select(value).ToArray()).GetAwaiter().GetResult();
}
