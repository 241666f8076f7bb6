using System.Runtime.InteropServices;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Storage;
using DuckDB.NET.Data;

namespace ClickPredict.Sessions;

/// <summary>
/// Writes silver in one ordered pass: DuckDB sorts the bronze rows once, by user and then in the
/// order a session's events take (<c>Sql/ordered_events.sql</c>), and this pass streams them a user at
/// a time, splits the user's events into sessions, and writes the sessions' events and summaries in
/// silver's order straight to Parquet (<see cref="SilverFile{TRows}"/>).
/// </summary>
/// <remarks>
/// <para>Sessions: an event with a source session id belongs to the user's session of that id (keyed
/// <c>user/id</c>); an event without one to the user's gap session, which starts at an event whose
/// distance to the user's previous event without an id is at least the gap (exactly the gap starts a
/// new session; keyed <c>user/g</c> and its start in epoch microseconds, which stays stable when later
/// events are added).</para>
/// <para>Silver's order: by user as the key begins (<c>user_id || '/'</c>), then by session key, then
/// by position; that is the order of the session keys unless a user id contains '/'. Each session
/// lands in the history file or the recent one (<see cref="Sessionizer"/> says which can be thawed).</para>
/// <para>Written by hand, not as SQL: the SQL design needed a window sort for the positions, an as-of
/// join for the gap sessions, a second sort for silver's order and a second read of the events for the
/// summaries (5 M events: 8.4 s); here DuckDB sorts once and everything else is one pass (DECISIONS D22).</para>
/// </remarks>
internal sealed class OrderedSessionizer
{
    private readonly long gapMicros;
    private readonly long splitMicros;
    private readonly long recentStartMicros;
    private readonly SilverFile<SilverEventRows> historyEvents;
    private readonly SilverFile<SilverSessionRows> historySessions;
    private readonly SilverFile<SilverEventRows> recentEvents;
    private readonly SilverFile<SilverSessionRows> recentSessions;
    private readonly SilverEvents? handover;
    private readonly List<Event> events = [];
    private readonly List<Session> sessions = [];
    private readonly List<Session> pool = [];
    private readonly Dictionary<int, Session> sourceSessions = [];
    private int[] placed = new int[256];
    private OrderedBronze bronze = null!;
    private string user = string.Empty;
    private long userSerial;
    private char[] key = new char[128];
    private long priorSessions;
    private long lastGapMicros;
    private Session? gapSession;
    private int handedUser;
    private long writtenEvents, writtenSessions, writtenSourceIdSessions, writtenConverted, writtenSingleEvent, writtenReconciled;

    /// <summary>Users of the pass none of whose sessions an earlier build kept.</summary>
    private long newUsers;

    private OrderedSessionizer(SilverPair history, SilverPair recent, long gapMicros, DateTime split, DateTime recentStart, SilverEvents? handover)
    {
        this.handover = handover;
        this.gapMicros = gapMicros;
        splitMicros = EpochMicros.Of(split);
        recentStartMicros = EpochMicros.Of(recentStart);
        historyEvents = new(history.Events);
        historySessions = new(history.Sessions);
        recentEvents = new(recent.Events);
        recentSessions = new(recent.Sessions);
    }

    /// <summary>
    /// Sessionizes the connection's <c>bronze_rows</c> (<paramref name="rows"/> of them, with its <c>prior_sessions</c>) into the <paramref name="history"/> and <paramref name="recent"/> files. A
    /// gap session is recent if it started on or after <paramref name="recentStart"/>, a source session
    /// if its id was last seen on or after <paramref name="split"/>. Every session written is also added
    /// to <paramref name="handover"/> when given (a features build in this process reads it instead of
    /// the files). Returns the sessions written to history, whether two sessions written could share
    /// a key (<see cref="OrderedBronze.KeysMayCollide"/>), and the counts of what was written, counted as
    /// it was written (<see cref="SessionCounts.Users"/>: the users none of whose sessions were kept).
    /// <paramref name="partition"/>: the rows are one user partition's (<see cref="OrderedBronze.Read"/>).
    /// </summary>
    public static (long HistorySessions, bool KeysMayCollide, SessionCounts Written) Write(
        DuckDBConnection db, int rows, SilverPair history, SilverPair recent, long gapMicros, DateTime split, DateTime recentStart, StepTimer timings,
        SilverEvents? handover = null, bool partition = false)
    {
        var pass = new OrderedSessionizer(history, recent, gapMicros, split, recentStart, handover);
        try
        {
            // Per user of the rows, the sessions an incremental build kept (empty for a full build):
            // incremental_rows.sql keeps only the region's users, a fraction of those with kept sessions.
            pass.bronze = OrderedBronze.Read(db, DuckDb.Sql("Sessions/Sql/ordered_events.sql"), db.Counts("SELECT user_id, n FROM prior_sessions"), rows, partition);
            timings.Lap("read and order bronze");
            if (partition)
            {
                // A partition's rows are a table (Sql/bronze_partition.sql): the pass holds them now.
                db.Execute("DROP TABLE bronze_rows");
            }

            pass.Run();
            handover?.PrepareReplayOrder();
        }
        finally
        {
            pass.Close();
        }

        var written = new SessionCounts(
            pass.writtenEvents, pass.writtenSessions, pass.newUsers, pass.writtenSourceIdSessions, pass.writtenSessions - pass.writtenSourceIdSessions, pass.writtenConverted, pass.writtenSingleEvent)
        {
            ReconciledSessions = pass.writtenReconciled,
            SplitSessionIds = pass.bronze.SplitSessionIds,
        };
        return (pass.historySessions.Count, pass.bronze.KeysMayCollide, written);
    }

    /// <summary>
    /// Closes the four files, each encoding its last row group: the events files on a thread of their
    /// own (not a pool thread, which would block on the pool's encoding task) while this one closes the
    /// sessions files.
    /// </summary>
    private void Close()
    {
        var events = Task.Factory.StartNew(
            () =>
            {
                using (historyEvents)
                using (recentEvents)
                {
                }
            },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            using (historySessions)
            using (recentSessions)
            {
            }
        }
        finally
        {
            events.GetAwaiter().GetResult();
        }
    }

    private void Run()
    {
        for (var rank = 0; rank < bronze.Users; rank++)
        {
            BeginUser(bronze.User(rank));
            var (start, length) = bronze.Rows(rank).GetOffsetAndLength(bronze.Count);
            for (var p = start; p < start + length; p++)
            {
                var row = bronze.Row(p);
                var session = row.SessionId < 0
                    ? GapSession(row.Micros)
                    : SourceSession(row.SessionId, row.SourceLastMicros, row.SourceFlags);
                events.Add(new Event(row.Micros, row.Type, session, session.Add(row.Micros, row.Type), row.Item, row.Category, row.Brand, row.Price));
            }

            Flush();
        }
    }

    private List<string> Names => bronze.Values.Names;

    private ReadOnlyMemory<char>? Name(int id) => id < 0 ? default(ReadOnlyMemory<char>?) : Names[id].AsMemory();

    private void BeginUser((string Id, long PriorSessions) next)
    {
        user = next.Id;
        handedUser = handover?.HandedUser(user) ?? 0;
        userSerial++;
        priorSessions = next.PriorSessions;
        gapSession = null;
        newUsers += priorSessions == 0 ? 1 : 0;
    }

    private Session NewSession(string? sourceId, bool recent, int flags)
    {
        Session session;
        if (pool.Count > 0)
        {
            session = pool[^1];
            pool.RemoveAt(pool.Count - 1);
        }
        else
        {
            session = new Session();
        }

        session.Reset(sourceId, recent, flags);
        sessions.Add(session);
        return session;
    }

    private Session GapSession(long micros)
    {
        if (gapSession is null || micros - lastGapMicros >= gapMicros)
        {
            gapSession = NewSession(null, micros >= recentStartMicros, 0);
        }

        lastGapMicros = micros;
        return gapSession;
    }

    private Session SourceSession(int sessionId, long lastMicros, int flags)
    {
        if (!sourceSessions.TryGetValue(sessionId, out var session))
        {
            session = NewSession(bronze.SessionIds.Names[sessionId], lastMicros >= splitMicros, flags);
            sourceSessions.Add(sessionId, session);
        }

        return session;
    }

    /// <summary>Writes the user's sessions in key order, each with its events in position order.</summary>
    private void Flush()
    {
        if (sessions.Count == 0)
        {
            return;
        }

        var span = CollectionsMarshal.AsSpan(sessions);
        // session_number: the user's sessions by start, then key, after the ones an earlier build kept.
        span.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : Session.CompareSuffixes(a, b));
        for (var i = 0; i < span.Length; i++)
        {
            span[i].Number = (int)(priorSessions + i + 1);
        }

        span.Sort(Session.CompareSuffixes);
        var offset = 0;
        foreach (var session in span)
        {
            session.Offset = offset;
            offset += session.Events;
        }

        if (placed.Length < events.Count)
        {
            placed = new int[Math.Max(events.Count, placed.Length * 2)];
        }

        for (var e = 0; e < events.Count; e++)
        {
            placed[events[e].Session.Offset + events[e].Index - 1] = e;
        }

        foreach (var session in span)
        {
            var (eventsFile, sessionsFile) = session.Recent ? (recentEvents, recentSessions) : (historyEvents, historySessions);
            var sessionKey = Key(session);
            handover?.HandedSession(sessionKey, handedUser);
            for (var p = session.Offset; p < session.Offset + session.Events; p++)
            {
                var e = events[placed[p]];
                WriteEvent(eventsFile, e);
                handover?.HandedEvent(e.Micros, (EventType)e.Type, e.Item, e.Category, e.Price, Names);
            }

            WriteSession(sessionsFile, sessionKey, session);
            Count(session);
        }

        events.Clear();
        pool.AddRange(sessions);
        sessions.Clear();
        sourceSessions.Clear();
    }

    private void Count(Session session)
    {
        writtenEvents += session.Events;
        writtenSessions++;
        writtenSourceIdSessions += session.SourceId is null ? 0 : 1;
        writtenConverted += session.Purchases > 0 ? 1 : 0;
        writtenSingleEvent += session.Events == 1 ? 1 : 0;
        writtenReconciled += session.Reconciled ? 1 : 0;
    }

    /// <summary>The session's key, <c>user/</c> and its source id or <c>g</c> and its start (in a buffer of ours).</summary>
    private ReadOnlySpan<char> Key(Session session)
    {
        var length = SessionKey.MaxLength(user, session.SourceId);
        if (key.Length < length)
        {
            key = new char[length * 2];
        }

        return key.AsSpan(0, SessionKey.Write(key, user, session.SourceId, session.Start));
    }

    private void WriteEvent(SilverFile<SilverEventRows> file, Event e)
    {
        var rows = file.Rows;
        var r = rows.Count;
        rows.Users[r] = rows.User(userSerial, user);
        rows.Numbers[r] = e.Session.Number;
        rows.Indexes[r] = e.Index;
        rows.Times[r] = EpochMicros.ToTime(e.Micros);
        rows.SessionIds[r] = e.Session.SourceId?.AsMemory();
        rows.Types[r] = CanonicalEventTypes.All[e.Type].AsMemory();
        rows.Items[r] = Name(e.Item);
        rows.Categories[r] = Name(e.Category);
        rows.Brands[r] = Name(e.Brand);
        rows.Prices[r] = e.Price;
        file.Added();
    }

    private void WriteSession(SilverFile<SilverSessionRows> file, ReadOnlySpan<char> sessionKey, Session s)
    {
        var rows = file.Rows;
        var r = rows.Count;
        rows.Keys[r] = rows.Key(sessionKey);
        rows.Users[r] = rows.User(userSerial, user);
        rows.SourceIds[r] = s.SourceId?.AsMemory();
        rows.Starts[r] = EpochMicros.ToTime(s.Start);
        rows.Ends[r] = EpochMicros.ToTime(s.End);
        rows.Durations[r] = (s.End - s.Start) / 1e6;
        rows.Events[r] = s.Events;
        rows.Views[r] = s.Views;
        rows.Carts[r] = s.Carts;
        rows.Removes[r] = s.Removes;
        rows.Purchases[r] = s.Purchases;
        rows.Converted[r] = s.Purchases > 0;
        rows.FirstPurchaseTimes[r] = s.FirstPurchaseIndex > 0 ? EpochMicros.ToTime(s.FirstPurchaseMicros) : null;
        rows.FirstPurchaseIndexes[r] = s.FirstPurchaseIndex > 0 ? s.FirstPurchaseIndex : null;
        rows.Numbers[r] = s.Number;
        rows.Reconciled[r] = s.Reconciled;
        rows.Split[r] = s.SplitSourceId;
        file.Added();
    }

    private readonly record struct Event(
        long Micros, int Type, Session Session, int Index, int Item, int Category, int Brand, double? Price);

    /// <summary>A session of the current user; pooled, so a user's sessions allocate nothing.</summary>
    private sealed class Session
    {
        /// <summary>The source session id; null for a gap session.</summary>
        public string? SourceId { get; private set; }

        public bool Recent { get; private set; }

        public bool Reconciled { get; private set; }

        public bool SplitSourceId { get; private set; }

        public long Start { get; private set; }

        public long End { get; private set; }

        public int Events { get; private set; }

        public int Views { get; private set; }

        public int Carts { get; private set; }

        public int Removes { get; private set; }

        public int Purchases { get; private set; }

        public long FirstPurchaseMicros { get; private set; }

        /// <summary>Position of the first purchase; 0 when the session has none.</summary>
        public int FirstPurchaseIndex { get; private set; }

        public int Number { get; set; }

        public int Offset { get; set; }

        public void Reset(string? sourceId, bool recent, int flags)
        {
            (SourceId, Recent) = (sourceId, recent);
            (Reconciled, SplitSourceId) = ((flags & 1) != 0, (flags & 2) != 0);
            (Start, End, Events, Views, Carts, Removes, Purchases, FirstPurchaseMicros, FirstPurchaseIndex) = (0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        /// <summary>Counts an event (they come in position order) and returns its 1-based position.</summary>
        public int Add(long micros, int type)
        {
            if (Events == 0)
            {
                Start = micros;
            }

            End = micros;
            Events++;
            switch ((EventType)type)
            {
                case EventType.View:
                    Views++;
                    break;
                case EventType.Cart:
                    Carts++;
                    break;
                case EventType.RemoveFromCart:
                    Removes++;
                    break;
                default:
                    Purchases++;
                    if (FirstPurchaseIndex == 0)
                    {
                        (FirstPurchaseMicros, FirstPurchaseIndex) = (micros, Events);
                    }

                    break;
            }

            return Events;
        }

        /// <summary>Writes what follows <c>user/</c> in the key (<see cref="SessionKey"/>); returns its length.</summary>
        public int WriteSuffix(Span<char> target) => SessionKey.WriteSuffix(target, SourceId, Start);

        /// <summary>Orders two sessions of one user as DuckDB orders their keys: by the keys' UTF-8 bytes.</summary>
        public static int CompareSuffixes(Session a, Session b)
        {
            Span<char> left = stackalloc char[a.SourceId is null ? SessionKey.GapSuffixLength : 0];
            Span<char> right = stackalloc char[b.SourceId is null ? SessionKey.GapSuffixLength : 0];
            return Utf8Ordinal.Compare(
                a.SourceId is null ? left[..a.WriteSuffix(left)] : a.SourceId,
                b.SourceId is null ? right[..b.WriteSuffix(right)] : b.SourceId);
        }
    }
}

/// <summary>A silver events file and the sessions file that goes with it.</summary>
internal sealed record SilverPair(string Events, string Sessions);
