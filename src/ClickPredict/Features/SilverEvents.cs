using System.Runtime.InteropServices;
using ClickPredict.Events;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using DuckDB.NET.Native;

namespace ClickPredict.Features;

/// <summary>
/// Every silver event in memory, column by column, in silver's order (by session, then position),
/// with users, items and categories numbered densely in order of first appearance. Sessions are
/// ranges of events (<see cref="SessionStart"/>). The one ordered features pass reads this once.
/// </summary>
internal sealed class SilverEvents
{
    /// <summary>The ids a read batch carries per row, for <see cref="NumberItems"/>.</summary>
    private const int ItemColumn = 0, CategoryColumn = 1, BatchColumns = 2;

    private readonly List<long> micros = [];
    private readonly List<EventType> types = [];
    private readonly List<int> items = [];
    private readonly List<int> categories = [];
    private readonly List<double> prices = [];
    private readonly List<int> sessionStarts = [];
    private readonly SessionKeyStore sessionKeys = new();
    private readonly List<int> sessionUsers = [];
    private readonly List<bool> sessionTails = [];
    private readonly List<bool> sessionPurchasedBefore = [];
    private readonly IdNumbers users = new();
    private readonly IdNumbers itemIds = new();
    private readonly IdNumbers categoryIds = new();
    private int[] itemNumbers = [];
    private int[] categoryNumbers = [];
    private Task<ReplayOrder>? replayOrder;

    private SilverEvents()
    {
    }

    /// <summary>
    /// The silver build these events were handed over from by the sessionize pass that wrote them
    /// (<see cref="Handover"/>); null when they were read from silver's files.
    /// </summary>
    public string? SilverBuildId { get; private init; }

    public int EventCount => micros.Count;

    /// <summary>One microsecond after the last event: a snapshot as of then holds all of history.</summary>
    public long AfterLastEventMicros { get; private set; }

    public int SessionCount => sessionKeys.Count;

    public IReadOnlyList<string> UserIds => users.Names;

    public IReadOnlyList<string> ItemIds => itemIds.Names;

    public IReadOnlyList<string> CategoryIds => categoryIds.Names;

    public ReadOnlySpan<long> Micros => CollectionsMarshal.AsSpan(micros);

    public ReadOnlySpan<EventType> Types => CollectionsMarshal.AsSpan(types);

    public ReadOnlySpan<int> Items => CollectionsMarshal.AsSpan(items);

    /// <summary>Category number per event; -1 when the event has none.</summary>
    public ReadOnlySpan<int> Categories => CollectionsMarshal.AsSpan(categories);

    /// <summary>Price per event; NaN when the event has none.</summary>
    public ReadOnlySpan<double> Prices => CollectionsMarshal.AsSpan(prices);

    public ReadOnlyMemory<char> SessionKey(int session) => sessionKeys[session];

    public int SessionUser(int session) => sessionUsers[session];

    /// <summary>
    /// True for a session that began before a <see cref="ReplayCheckpoint"/> the events were read from:
    /// only its events from the checkpoint on are here, its start and earlier events are in the checkpoint.
    /// </summary>
    public bool IsTail(int session) => sessionTails[session];

    /// <summary>For a <see cref="IsTail">tail</see>: the session bought before the checkpoint, so a purchase here is not its first.</summary>
    public bool PurchasedBefore(int session) => sessionPurchasedBefore[session];

    /// <summary>The session's first event (for a tail, its first event from the checkpoint on).</summary>
    public int SessionStart(int session) => sessionStarts[session];

    public int SessionLength(int session) => (session + 1 < sessionStarts.Count ? sessionStarts[session + 1] : micros.Count) - sessionStarts[session];

    /// <summary>
    /// Starts computing the replay's orders on pool threads, once every event is here: sessionize calls
    /// it when its pass has handed the last event over, so the sorts run while it closes and commits
    /// its files (the features build in the same process takes them from <see cref="OrdersForReplay"/>).
    /// </summary>
    public void PrepareReplayOrder() => replayOrder ??= Task.Run(() => ReplayOrder.Of(this));

    /// <summary>
    /// The replay's orders over these events, computed once: on this thread unless
    /// <see cref="PrepareReplayOrder"/> started them (no pool thread is then held waiting for another).
    /// </summary>
    public ReplayOrder OrdersForReplay()
    {
        replayOrder ??= Task.FromResult(ReplayOrder.Of(this));
        return replayOrder.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Empty events that the sessionize pass fills as it writes silver build <paramref name="silverBuildId"/>
    /// (<see cref="HandedSession"/>, <see cref="HandedEvent"/>), so a features build in the same process
    /// takes them from memory instead of reading the files back. Sessions come in the pass's order (by
    /// user), not file by file: nothing gold holds depends on that order (the replay and the examples go
    /// by session start, then key; the snapshot by id), only the ids' dense numbers do.
    /// </summary>
    public static SilverEvents Handover(string silverBuildId, int events)
    {
        var silver = new SilverEvents { SilverBuildId = silverBuildId };
        silver.micros.Capacity = silver.types.Capacity = silver.items.Capacity = silver.categories.Capacity = silver.prices.Capacity = events;
        return silver;
    }

    /// <summary>The number of a user of handed-over events (<see cref="Handover"/>).</summary>
    public int HandedUser(string userId) => users.Number(userId);

    /// <summary>Starts a session of handed-over events: its events follow, in position order.</summary>
    public void HandedSession(ReadOnlySpan<char> key, int user)
    {
        sessionStarts.Add(micros.Count);
        sessionKeys.Add(key);
        sessionUsers.Add(user);
        sessionTails.Add(false);
        sessionPurchasedBefore.Add(false);
    }

    /// <summary>
    /// The session's next event. The item and category come as the pass numbers its ids
    /// (<paramref name="ids"/>[n]; -1: none), each turned into this numbering once.
    /// </summary>
    public void HandedEvent(long time, EventType type, int item, int category, double? price, IReadOnlyList<string> ids)
    {
        micros.Add(time);
        AfterLastEventMicros = Math.Max(AfterLastEventMicros, time + 1);
        types.Add(type);
        items.Add(item < 0 ? itemIds.Number("") : Renumber(ref itemNumbers, itemIds, item, ids));
        categories.Add(category < 0 ? -1 : Renumber(ref categoryNumbers, categoryIds, category, ids));
        prices.Add(price ?? double.NaN);
    }

    private static int Renumber(ref int[] numbers, IdNumbers own, int id, IReadOnlyList<string> ids)
    {
        if (id >= numbers.Length)
        {
            var grown = new int[Math.Max(id + 1, numbers.Length * 2)];
            grown.AsSpan(numbers.Length).Fill(-1);
            numbers.CopyTo(grown, 0);
            numbers = grown;
        }

        if (numbers[id] < 0)
        {
            numbers[id] = own.Number(ids[id]);
        }

        return numbers[id];
    }

    /// <summary>
    /// Reads the silver files with DuckDB a chunk at a time (<see cref="DuckDbChunks"/>), checking that
    /// they are in silver's order. With a <paramref name="checkpoint"/>, only the events from its time
    /// on are read, and ids are numbered as the checkpoint numbers them (new ones after);
    /// <paramref name="tails"/> are the sessions it cuts.
    /// </summary>
    /// <remarks>
    /// Events name their session by user and session number; its key is made from the user, the source
    /// id and the first event's time (<see cref="Sessions.SessionKey"/>), as sessionize made it. Only a
    /// session the checkpoint cuts (its first event not read) takes its key from the sessions files.
    /// </remarks>
    public static SilverEvents Read(
        Lake lake, SessionsManifest silver, string memoryLimit, ReplayCheckpoint? checkpoint = null, CheckpointTails? tails = null)
    {
        var events = new SilverEvents();
        if (checkpoint is not null)
        {
            events.users.Seed(checkpoint.UserIds);
            events.itemIds.Seed(checkpoint.ItemIds);
            events.categoryIds.Seed(checkpoint.CategoryIds);
        }

        using var db = DuckDb.Open(lake.Spill, memoryLimit);
        var sql = FeatureSql.File("silver_events.sql")
            .Replace("{files}", DuckDb.ListLiteral(silver.SessionEventsPaths(lake)), StringComparison.Ordinal)
            + (checkpoint is null ? "" : $"\nWHERE event_time >= make_timestamp({checkpoint.AsOfMicros})");
        using var chunks = DuckDbChunks.Query(
            db, sql, DuckDBType.Integer, DuckDBType.Varchar, DuckDBType.Integer, DuckDBType.BigInt, DuckDBType.Integer, DuckDBType.Varchar, DuckDBType.Varchar,
            DuckDBType.Double, DuckDBType.Varchar);
        var numbering = new NumberingThreads(BatchColumns, events.NumberItems);
        try
        {
            events.Load(chunks, numbering, checkpoint is not null, tails ?? CheckpointTails.None);
        }
        finally
        {
            numbering.Finish();
        }

        return events;
    }

    /// <summary>
    /// Reads the chunks in silver's order; items and categories are numbered on a thread of their own
    /// (<see cref="NumberItems"/>), which alone appends to their columns. A session begins where the
    /// position is 1 or, <paramref name="fromCheckpoint"/>, where the user or session number changes (a
    /// session the checkpoint cuts, one of <paramref name="tails"/>).
    /// </summary>
    private void Load(DuckDbChunks chunks, NumberingThreads numbering, bool fromCheckpoint, CheckpointTails tails)
    {
        var expected = 1;
        var lastNumber = 0;
        byte[] lastUser = [];
        while (chunks.Next())
        {
            var indexes = chunks.Int32s(0);
            var numbers = chunks.Int32s(2);
            var times = chunks.Int64s(3);
            var types = chunks.Int32s(4);
            var itemed = chunks.Validity(5);
            var categorized = chunks.Validity(6);
            var prices = chunks.Doubles(7);
            var priced = chunks.Validity(7);
            var sourced = chunks.Validity(8);
            var batch = numbering.Rent(micros.Count, chunks.Size);
            for (var row = 0; row < chunks.Size; row++)
            {
                var index = indexes[row];
                if (index == 1 || (fromCheckpoint && (sessionKeys.Count == 0 || numbers[row] != lastNumber || !chunks.Utf8(1, row).SequenceEqual(lastUser))))
                {
                    var user = users.Number(chunks, 1, row);
                    var name = users.Names[user];
                    var boughtBefore = false;
                    if (index == 1)
                    {
                        sessionKeys.Add(name, DuckDbChunks.IsValid(sourced, row) ? chunks.String(8, row) : null, times[row]);
                    }
                    else if (tails.TryGet(name, numbers[row], out var tailKey, out boughtBefore))
                    {
                        sessionKeys.Add(tailKey);
                    }
                    else
                    {
                        throw OutOfOrder($"at user {name}'s session {numbers[row]}: it begins at position {index}, and the checkpoint cuts no such session");
                    }

                    sessionStarts.Add(micros.Count);
                    sessionUsers.Add(user);
                    sessionTails.Add(index != 1);
                    sessionPurchasedBefore.Add(boughtBefore);
                    lastNumber = numbers[row];
                    lastUser = fromCheckpoint ? chunks.Utf8(1, row).ToArray() : [];
                }
                else if (index != expected)
                {
                    throw OutOfOrder($"at session {sessionKeys[sessionKeys.Count - 1]} (position {index} after {expected - 1})");
                }

                expected = index + 1;
                var time = times[row];
                micros.Add(time);
                AfterLastEventMicros = Math.Max(AfterLastEventMicros, time + 1);
                this.types.Add((EventType)types[row]);
                batch.Values[ItemColumn][row] = batch.Texts.Add(chunks, 5, row, DuckDbChunks.IsValid(itemed, row));
                batch.Values[CategoryColumn][row] = batch.Texts.Add(chunks, 6, row, DuckDbChunks.IsValid(categorized, row));
                this.prices.Add(DuckDbChunks.IsValid(priced, row) ? prices[row] : double.NaN);
            }

            numbering.Post(batch);
        }
    }

    private static FeaturesException OutOfOrder(string where) =>
        new($"Silver's events are out of order {where}; run `clickpredict sessionize` again.");

    /// <summary>A batch's items (never NULL in silver) and categories (-1 for none), numbered in order.</summary>
    private void NumberItems(DetachedBatch batch)
    {
        var (itemValues, categoryValues) = (batch.Values[ItemColumn], batch.Values[CategoryColumn]);
        for (var row = 0; row < batch.Size; row++)
        {
            items.Add(itemValues[row] == DetachedText.Null ? itemIds.Number("") : itemIds.Number(itemValues[row], batch.Texts));
            categories.Add(categoryValues[row] == DetachedText.Null ? -1 : categoryIds.Number(categoryValues[row], batch.Texts));
        }
    }
}
