using System.Text;
using ClickPredict.Events;
using ClickPredict.Storage;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace ClickPredict.Sessions;

/// <summary>
/// The bronze rows of a sessionize pass (<c>Sql/ordered_events.sql</c>), read unsorted into columns of
/// numbers and put in the pass's order here: by user as the session key begins (<c>user_id || '/'</c>,
/// in UTF-8 byte order), then in the total order a session's events take — time, then view &lt; cart
/// &lt; remove_from_cart &lt; purchase, then item (NULL last), price, category and brand (NULL first),
/// then source session id (NULL first) — so neither file order nor scan order shows through.
/// </summary>
/// <remarks>
/// Sorted by hand, not by DuckDB: ORDER BY on the text key with the rows' text as payload took 4.3 s
/// of one thread at 10 M events, and held 1.7 GB; reading the same rows unsorted took 2.0 s, and here
/// ids are numbers, users are ranked once (a few hundred thousand names), the rows are placed by a
/// counting sort on the rank and each user's few rows sorted by time (DECISIONS D22).
/// </remarks>
internal sealed partial class OrderedBronze
{
    private const int NoId = -1;

    private readonly IdNumbers users = new();
    private readonly Dictionary<string, long> priorSessions;
    private readonly int[] userOf;
    private long[] micros;
    private byte[] types;
    private int[] sessionIds;
    private int[] items;
    private int[] categories;
    private int[] brands;
    private double?[] prices;
    private long[] sourceLast = [];
    private byte[] sourceFlags = [];
    private int[] userStarts = [];
    private int[] userByRank = [];

    /// <summary>A partition's rows: each one's source session facts over all of bronze, until <see cref="TakeSourceFacts"/>.</summary>
    private long[]? rowSourceLast;
    private byte[]? rowSourceFlags;

    private OrderedBronze(Dictionary<string, long> priorSessions, int rows, bool sourceFactsGiven)
    {
        this.priorSessions = priorSessions;
        (micros, types, userOf, sessionIds, items, categories, brands, prices) =
            (new long[rows], new byte[rows], new int[rows], new int[rows], new int[rows], new int[rows], new int[rows], new double?[rows]);
        (rowSourceLast, rowSourceFlags) = sourceFactsGiven ? (new long[rows], new byte[rows]) : (null, null);
    }

    /// <summary>Items, categories and brands by number (<see cref="IdNumbers.Names"/>).</summary>
    public IdNumbers Values { get; } = new();

    /// <summary>Source session ids by number.</summary>
    public IdNumbers SessionIds { get; } = new();

    public int Count { get; private set; }

    /// <summary>Users in the pass's order.</summary>
    public int Users => userByRank.Length;

    /// <summary>
    /// False when no two of the pass's sessions can share a key (<c>user/</c> and a source id or
    /// <c>g</c> and a start): a user's source ids differ and its gap sessions start apart, so only a
    /// user id with '/' in it (one user's keys could then read as another's) or a source id starting
    /// with 'g' (it could read as a gap key) makes it possible.
    /// </summary>
    public bool KeysMayCollide =>
        userByRank.Any(u => users.Names[u].Contains('/', StringComparison.Ordinal))
        || SessionIds.Names.Any(id => id.StartsWith('g'));

    /// <summary>
    /// Reads the rows <paramref name="sql"/> returns, gives source sessions' anonymous rows their
    /// session's user, and orders them; <paramref name="priorSessions"/>: per user, how many sessions
    /// an incremental build kept (the user's session numbers continue after them). The columns are
    /// made for the <paramref name="rows"/> <c>bronze_rows</c> holds, which the query returns one for
    /// one: growing them from small left a gigabyte of arrays at 10 M events for the collector to
    /// reclaim during the features pass. <paramref name="sourceFactsGiven"/>: the rows are one user
    /// partition's (<c>Sql/bronze_partition.sql</c>), reconciled already, each with its source session
    /// id's last time and flags over all of bronze, which the partition's rows alone cannot give (an id
    /// split by user has rows in other partitions).
    /// </summary>
    public static OrderedBronze Read(DuckDBConnection db, string sql, Dictionary<string, long> priorSessions, int rows, bool sourceFactsGiven = false)
    {
        var bronze = new OrderedBronze(priorSessions, rows, sourceFactsGiven);
        bronze.Load(db, sql.Replace("{source_facts}", sourceFactsGiven ? ", source_last_micros, source_flags" : "", StringComparison.Ordinal));
        // Ranking every user by key does not depend on which users keep rows, so it runs beside the
        // reconciliation (each held one core for 0.14-0.3 s at 10 M events).
        int[] ranked = [];
        Parallel.Invoke(sourceFactsGiven ? bronze.TakeSourceFacts : bronze.Reconcile, () => ranked = bronze.RankUsers());
        bronze.Order(ranked);
        return bronze;
    }

    /// <summary>Source session ids carrying two or more known users (split by user): every id here has rows, so sessions.</summary>
    public long SplitSessionIds => sourceFlags.Count(f => (f & 2) != 0);

    /// <summary>The <paramref name="rank"/>-th user's id and the sessions an earlier build kept for them.</summary>
    public (string Id, long PriorSessions) User(int rank)
    {
        var id = users.Names[userByRank[rank]];
        return (id, priorSessions.GetValueOrDefault(id));
    }

    /// <summary>The <paramref name="rank"/>-th user's rows, as positions for <see cref="Row"/>.</summary>
    public Range Rows(int rank) => userStarts[rank]..userStarts[rank + 1];

    /// <summary>The row at <paramref name="position"/> of the pass's order.</summary>
    public BronzeRow Row(int position)
    {
        var s = sessionIds[position];
        return new BronzeRow(
            micros[position], types[position], s, items[position], categories[position], brands[position], prices[position],
            s < 0 ? 0 : sourceLast[s], s < 0 ? 0 : sourceFlags[s]);
    }

    private void Load(DuckDBConnection db, string sql)
    {
        DuckDBType[] types =
        [
            DuckDBType.Varchar, DuckDBType.BigInt, DuckDBType.Varchar, DuckDBType.Integer, DuckDBType.Varchar, DuckDBType.Varchar,
            DuckDBType.Varchar, DuckDBType.Double, .. rowSourceLast is null ? Array.Empty<DuckDBType>() : [DuckDBType.BigInt, DuckDBType.Integer],
        ];
        using var chunks = DuckDbChunks.Query(db, sql, types);
        var lookups = Lookups();
        try
        {
            while (chunks.Next())
            {
                if (Count + chunks.Size > micros.Length)
                {
                    throw new InvalidDataException($"bronze_rows returned more than the {micros.Length:N0} rows it counted; run `clickpredict sessionize` again.");
                }

                lookups.Post(Copy(chunks, lookups.Rent(Count, chunks.Size)));
            }
        }
        finally
        {
            lookups.Finish();
        }
    }

    /// <summary>
    /// Copies the chunk's numbers into the columns and its ids into <paramref name="batch"/>, for the
    /// lookups to number on their threads (a third of reading went to numbering ids).
    /// </summary>
    private DetachedBatch Copy(DuckDbChunks chunks, DetachedBatch batch)
    {
        var times = chunks.Int64s(1);
        var typeCodes = chunks.Int32s(3);
        var typed = chunks.Validity(3);
        var amounts = chunks.Doubles(7);
        var priced = chunks.Validity(7);
        var sourced = chunks.Validity(2);
        var itemed = chunks.Validity(4);
        var categorized = chunks.Validity(5);
        var branded = chunks.Validity(6);
        for (var row = 0; row < chunks.Size; row++)
        {
            if (!DuckDbChunks.IsValid(typed, row))
            {
                throw new SessionizeException(
                    $"User {chunks.String(0, row)} has an event whose type is not one of {string.Join(", ", CanonicalEventTypes.All)}; ingest maps every type to these.");
            }

            var r = Count + row;
            micros[r] = times[row];
            types[r] = (byte)typeCodes[row];
            prices[r] = DuckDbChunks.IsValid(priced, row) ? amounts[row] : null;
            batch.Values[UserColumn][row] = batch.Texts.Add(chunks, 0, row, valid: true);
            batch.Values[SessionIdColumn][row] = batch.Texts.Add(chunks, 2, row, DuckDbChunks.IsValid(sourced, row));
            batch.Values[ItemColumn][row] = batch.Texts.Add(chunks, 4, row, DuckDbChunks.IsValid(itemed, row));
            batch.Values[CategoryColumn][row] = batch.Texts.Add(chunks, 5, row, DuckDbChunks.IsValid(categorized, row));
            batch.Values[BrandColumn][row] = batch.Texts.Add(chunks, 6, row, DuckDbChunks.IsValid(branded, row));
        }

        if (rowSourceLast is not null)
        {
            // NULL for a row without a source session id, which does not read them.
            chunks.Int64s(8).CopyTo(rowSourceLast.AsSpan(Count));
            var flags = chunks.Int32s(9);
            for (var row = 0; row < chunks.Size; row++)
            {
                rowSourceFlags![Count + row] = (byte)flags[row];
            }
        }

        Count += chunks.Size;
        return batch;
    }

    /// <summary>
    /// Per source session id: its rows' last time, and its one known user when it has exactly one
    /// (its anonymous rows, user <see cref="StageQuery.AnonymousPrefix"/> and the id, as ingest keys
    /// them, take that user). Flags: 1 when such an id also had anonymous rows (reconciled), 2 when its
    /// rows carry two or more known users (REES46 reuses ids; it is split by user and its anonymous rows
    /// stay a session of their own).
    /// </summary>
    private void Reconcile()
    {
        var ids = SessionIds.Names.Count;
        sourceLast = new long[ids];
        sourceFlags = new byte[ids];
        var knownUser = new int[ids];
        var knownUsers = new byte[ids];
        var anonymous = new bool[ids];
        Array.Fill(sourceLast, long.MinValue);
        // Per user: the session id whose anonymous user it is, or -1.
        var anonymousOf = new int[users.Names.Count];
        for (var u = 0; u < anonymousOf.Length; u++)
        {
            var name = users.Names[u];
            anonymousOf[u] = name.StartsWith(StageQuery.AnonymousPrefix, StringComparison.Ordinal)
                && SessionIds.TryGetNumber(name.AsSpan(StageQuery.AnonymousPrefix.Length), out var id) ? id : NoId;
        }

        for (var r = 0; r < Count; r++)
        {
            var s = sessionIds[r];
            if (s == NoId)
            {
                continue;
            }

            sourceLast[s] = Math.Max(sourceLast[s], micros[r]);
            var user = userOf[r];
            if (anonymousOf[user] == s)
            {
                anonymous[s] = true;
            }
            else if (knownUsers[s] == 0)
            {
                (knownUsers[s], knownUser[s]) = (1, user);
            }
            else if (knownUser[s] != user)
            {
                knownUsers[s] = 2;
            }
        }

        for (var s = 0; s < ids; s++)
        {
            sourceFlags[s] = (byte)((knownUsers[s] == 1 && anonymous[s] ? 1 : 0) + (knownUsers[s] > 1 ? 2 : 0));
        }

        for (var r = 0; r < Count; r++)
        {
            var s = sessionIds[r];
            if (s != NoId && knownUsers[s] == 1 && anonymousOf[userOf[r]] == s)
            {
                userOf[r] = knownUser[s];
            }
        }
    }

    /// <summary>
    /// <see cref="Reconcile"/> for a partition's rows, whose query did the reconciling over all of
    /// bronze: each source session id's last time and flags as the rows carry them.
    /// </summary>
    private void TakeSourceFacts()
    {
        sourceLast = new long[SessionIds.Names.Count];
        sourceFlags = new byte[SessionIds.Names.Count];
        for (var r = 0; r < Count; r++)
        {
            if (sessionIds[r] is var s and not NoId)
            {
                (sourceLast[s], sourceFlags[s]) = (rowSourceLast![r], rowSourceFlags![r]);
            }
        }

        (rowSourceLast, rowSourceFlags) = (null, null);
    }

    /// <summary>Every user's number, by the key's start: the UTF-8 bytes of the id and '/'.</summary>
    private int[] RankUsers()
    {
        var keys = users.Names.Select(name => Encoding.UTF8.GetBytes(name + "/")).ToArray();
        var ranked = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(ranked, (a, b) => keys[a].AsSpan().SequenceCompareTo(keys[b]));
        return ranked;
    }

    /// <param name="ranked">Every user, by <see cref="RankUsers"/>.</param>
    private void Order(int[] ranked)
    {
        // The users with rows (an anonymous user whose rows all joined a known one has none), in rank order.
        var rows = new int[users.Names.Count];
        for (var r = 0; r < Count; r++)
        {
            rows[userOf[r]]++;
        }

        userByRank = [.. ranked.Where(u => rows[u] > 0)];

        // Rows by user rank (a counting sort).
        var rankOf = new int[rows.Length];
        userStarts = new int[userByRank.Length + 1];
        for (var rank = 0; rank < userByRank.Length; rank++)
        {
            rankOf[userByRank[rank]] = rank;
            userStarts[rank + 1] = userStarts[rank] + rows[userByRank[rank]];
        }

        var order = new int[Count];
        var next = userStarts[..^1];
        for (var r = 0; r < Count; r++)
        {
            order[next[rankOf[userOf[r]]]++] = r;
        }

        // Each user's rows by time, on both cores: two halves of the users, about as many rows each.
        var times = new long[Count];
        var half = Array.BinarySearch(userStarts, Count / 2);
        half = half < 0 ? ~half : half;
        Parallel.Invoke(() => SortUsers(order, times, 0, half), () => SortUsers(order, times, half, userByRank.Length));

        // The columns put in that order, so the pass reads each one front to back: read through the
        // order instead, every row was a cache miss in each column (a sixth of the pass's thread). The
        // times are in that order already: each user's were sorted along with the order.
        micros = times;
        Parallel.Invoke(
            () => (prices, types) = (Gather(prices, order), Gather(types, order)),
            () => (sessionIds, items, categories, brands) = (Gather(sessionIds, order), Gather(items, order), Gather(categories, order), Gather(brands, order)));
    }

    private static T[] Gather<T>(T[] column, int[] order)
    {
        var ordered = new T[order.Length];
        for (var p = 0; p < ordered.Length; p++)
        {
            ordered[p] = column[order[p]];
        }

        return ordered;
    }

    /// <summary>Sorts the rows of the users ranked <paramref name="from"/> up to <paramref name="to"/>.</summary>
    private void SortUsers(int[] order, long[] times, int from, int to)
    {
        for (var p = userStarts[from]; p < userStarts[to]; p++)
        {
            times[p] = micros[order[p]];
        }

        Comparison<int> ties = CompareTies;
        for (var rank = from; rank < to; rank++)
        {
            var (start, end) = (userStarts[rank], userStarts[rank + 1]);
            times.AsSpan(start, end - start).Sort(order.AsSpan(start, end - start));
            for (var run = start; run < end;)
            {
                var runEnd = run + 1;
                while (runEnd < end && times[runEnd] == times[run])
                {
                    runEnd++;
                }

                if (runEnd - run > 1)
                {
                    order.AsSpan(run, runEnd - run).Sort(ties);
                }

                run = runEnd;
            }
        }
    }

    /// <summary>Orders two rows of one user at the same time.</summary>
    private int CompareTies(int a, int b)
    {
        var c = types[a].CompareTo(types[b]);
        c = c != 0 ? c : CompareIds(Values, items[a], items[b], nullsFirst: false);
        c = c != 0 ? c : ComparePrices(prices[a], prices[b]);
        c = c != 0 ? c : CompareIds(Values, categories[a], categories[b], nullsFirst: true);
        c = c != 0 ? c : CompareIds(Values, brands[a], brands[b], nullsFirst: true);
        return c != 0 ? c : CompareIds(SessionIds, sessionIds[a], sessionIds[b], nullsFirst: true);
    }

    private static int CompareIds(IdNumbers names, int a, int b, bool nullsFirst)
    {
        if (a == b)
        {
            return 0;
        }

        if (a == NoId || b == NoId)
        {
            return (a == NoId) == nullsFirst ? -1 : 1;
        }

        return Utf8Ordinal.Compare(names.Names[a], names.Names[b]);
    }

    private static int ComparePrices(double? a, double? b) =>
        a is { } x ? (b is { } y ? x.CompareTo(y) : 1) : (b is null ? 0 : -1);
}

/// <summary>One bronze row of a sessionize pass, its ids numbered by <see cref="OrderedBronze.Values"/> (-1 for NULL).</summary>
internal readonly record struct BronzeRow(
    long Micros, int Type, int SessionId, int Item, int Category, int Brand, double? Price, long SourceLastMicros, int SourceFlags);
