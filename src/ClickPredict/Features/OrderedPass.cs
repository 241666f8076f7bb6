using ClickPredict.Events;

namespace ClickPredict.Features;

/// <summary>
/// Gold in one ordered pass over silver: sessions are taken in start order while a
/// <see cref="HistoryReplay"/> keeps the history strictly before each start, and every cut point's
/// features come from the online code itself (<see cref="PrefixEvent.Fill"/> once per session, each
/// event taken into a <see cref="PrefixSummary"/> once, then
/// <see cref="OnlineFeatures.Compute(in PrefixSummary, in UserHistory, EntityStats, EntityStats, Span{double})"/>
/// per cut), so the examples are what serving computes by construction. The catalog's SQL stays the
/// specification a test holds this pass to. The snapshot is the replay's state at its cutoff.
/// </summary>
internal static class OrderedPass
{
    /// <summary>Writes every example to the writer <paramref name="examplesFor"/> gives its session and returns the snapshot as of <paramref name="snapshotMicros"/>.</summary>
    /// <param name="silver">Silver's events.</param>
    /// <param name="options">Which cut points become examples.</param>
    /// <param name="snapshotMicros">The snapshot's cutoff: it holds history strictly before this.</param>
    /// <param name="examplesFor">The writer for the examples of a session starting at the given time (microseconds), or null to skip the session; sessions come in start order, cuts ascending.</param>
    /// <param name="inScope">Whether a user's sessions and history belong to this build (a partition); items and categories are always global.</param>
    /// <param name="checkpoints">Where the replay resumes from (silver was read from that checkpoint on), and when to capture the next one; both optional.</param>
    public static (OnlineState Snapshot, ReplayCheckpoint? Checkpoint) Run(
        SilverEvents silver, FeatureOptions options, long snapshotMicros, Func<long, ExamplesWriter?> examplesFor, Func<int, bool> inScope,
        (ReplayCheckpoint? From, long? Next) checkpoints = default)
    {
        var replay = new HistoryReplay(silver, checkpoints.From);
        ReplayCheckpoint? next = null;
        var nextAt = checkpoints.Next ?? long.MaxValue;
        var order = replay.SessionsByStart;
        var values = new double[FeatureCatalog.Count];
        var facts = new PrefixEvent[Math.Min(options.MaxCut, 256)];
        OnlineState? snapshot = null;
        var times = silver.Micros;
        foreach (var session in order)
        {
            var user = silver.SessionUser(session);
            var first = silver.SessionStart(session);
            var start = times[first];
            if (next is null && nextAt <= start && nextAt <= snapshotMicros)
            {
                replay.AdvanceTo(nextAt);
                next = replay.Capture(nextAt, FeatureSetVersion.Current);
            }

            if (snapshot is null && snapshotMicros <= start)
            {
                replay.AdvanceTo(snapshotMicros);
                snapshot = OnlineState.Capture(replay, silver, inScope);
            }

            var length = Cuttable(silver, session, options.MaxCut);
            if (length == 0 || silver.IsTail(session) || !inScope(user) || examplesFor(start) is not { } examples)
            {
                continue;
            }

            if (facts.Length < length)
            {
                facts = new PrefixEvent[length];
            }

            PrefixEvent.Fill(new SilverPrefix(silver, first, length), facts.AsSpan(0, length));
            replay.AdvanceTo(start);
            var history = replay.User(user);
            var label = silver.Types.Slice(first, silver.SessionLength(session)).Contains(EventType.Purchase);
            var key = silver.SessionKey(session);
            var userId = silver.UserIds[user];
            var prefix = default(PrefixSummary);
            for (var k = 1; k <= length; k++)
            {
                prefix.Add(facts[k - 1]);
                if (!options.IsCut(k))
                {
                    continue;
                }

                var cut = first + k - 1;
                OnlineFeatures.Compute(prefix, history, replay.Item(silver.Items[cut]), replay.Category(silver.Categories[cut]), values);
                examples.Add(key, k, userId, start, times[cut], label, values);
            }
        }

        if (next is null && nextAt <= snapshotMicros && nextAt != long.MaxValue)
        {
            replay.AdvanceTo(nextAt);
            next = replay.Capture(nextAt, FeatureSetVersion.Current);
        }

        if (snapshot is null)
        {
            replay.AdvanceTo(snapshotMicros);
            snapshot = OnlineState.Capture(replay, silver, inScope);
        }

        return (snapshot, next);
    }

    /// <summary>How many leading events can end a prefix: at most <paramref name="maxCut"/>, and only those before the first purchase.</summary>
    private static int Cuttable(SilverEvents silver, int session, int maxCut)
    {
        var types = silver.Types.Slice(silver.SessionStart(session), Math.Min(silver.SessionLength(session), maxCut));
        var purchase = types.IndexOf(EventType.Purchase);
        return purchase >= 0 ? purchase : types.Length;
    }

    /// <summary>
    /// A session's first events straight from silver's columns, for <see cref="PrefixEvent.Fill{TEvents}"/>:
    /// ids compared as their numbers (one number per id, so the same answers as comparing the ids),
    /// no <see cref="SessionEvent"/> made per event.
    /// </summary>
    private readonly ref struct SilverPrefix(SilverEvents silver, int first, int length) : IPrefixEvents
    {
        private readonly ReadOnlySpan<long> micros = silver.Micros.Slice(first, length);
        private readonly ReadOnlySpan<EventType> types = silver.Types.Slice(first, length);
        private readonly ReadOnlySpan<int> items = silver.Items.Slice(first, length);
        private readonly ReadOnlySpan<int> categories = silver.Categories.Slice(first, length);
        private readonly ReadOnlySpan<double> prices = silver.Prices.Slice(first, length);

        public int Count => micros.Length;

        public long Micros(int i) => micros[i];

        public EventType Type(int i) => types[i];

        public double Price(int i) => prices[i];

        public bool HasCategory(int i) => categories[i] >= 0;

        public bool SameItem(int earlier, int i) => items[earlier] == items[i];

        public bool SameCategory(int earlier, int i) => categories[earlier] == categories[i];
    }
}
