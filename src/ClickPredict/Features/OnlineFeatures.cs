using System.Buffers;

namespace ClickPredict.Features;

/// <summary>
/// The feature vector of a session in progress, computed by the catalog's online expressions: the
/// same numbers the gold row has for the same prefix, user history and statistics. Allocates nothing
/// for prefixes up to <see cref="StackEvents"/> events.
/// </summary>
internal static class OnlineFeatures
{
    public const int StackEvents = 64;

    public static int Count => FeatureCatalog.Count;

    /// <param name="prefix">The session's events so far, in silver's order (<see cref="SessionEventOrder"/>).</param>
    /// <param name="user">The user's history before the session (<see cref="OnlineSnapshot.User"/>).</param>
    /// <param name="stats">Item and category statistics before the session (<see cref="OnlineSnapshot.Stats"/>).</param>
    /// <param name="destination">Receives <see cref="Count"/> values in <see cref="FeatureCatalog"/> order.</param>
    public static void Compute(ReadOnlySpan<SessionEvent> prefix, in UserHistory user, EntityStatsLookup stats, Span<double> destination)
    {
        if (prefix.IsEmpty)
        {
            throw new ArgumentException("A prefix needs at least one event.", nameof(prefix));
        }

        Compute(prefix, user, stats.Item(prefix[^1].ItemId), stats.Category(prefix[^1].Category), destination);
    }

    /// <param name="prefix">The session's events so far, in silver's order (<see cref="SessionEventOrder"/>).</param>
    /// <param name="user">The user's history before the session.</param>
    /// <param name="item">The last event's item's statistics before the session.</param>
    /// <param name="category">The last event's category's statistics before the session.</param>
    /// <param name="destination">Receives <see cref="Count"/> values in <see cref="FeatureCatalog"/> order.</param>
    public static void Compute(ReadOnlySpan<SessionEvent> prefix, in UserHistory user, EntityStats item, EntityStats category, Span<double> destination)
    {
        if (prefix.IsEmpty)
        {
            throw new ArgumentException("A prefix needs at least one event.", nameof(prefix));
        }

        if (destination.Length < Count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the feature set has {Count}.", nameof(destination));
        }

        if (!SessionEventOrder.IsSorted(prefix))
        {
            throw new ArgumentException("The prefix is not in session order; sort it with SessionEventOrder first.", nameof(prefix));
        }

        PrefixEvent[]? rented = null;
        var facts = prefix.Length <= StackEvents
            ? stackalloc PrefixEvent[StackEvents]
            : rented = ArrayPool<PrefixEvent>.Shared.Rent(prefix.Length);
        try
        {
            facts = facts[..prefix.Length];
            PrefixEvent.Fill(prefix, facts);
            var summary = PrefixSummary.Of(facts);
            Compute(summary, user, item, category, destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<PrefixEvent>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The features of the prefix summed up in <paramref name="prefix"/> (its events' columns from
    /// <see cref="PrefixEvent.Fill"/>, taken in by <see cref="PrefixSummary.Add"/>: the columns of an
    /// event depend only on earlier ones, so one fill and one summary growing event by event serve every
    /// cut of a session), given the history of the cut's item and category.
    /// </summary>
    public static void Compute(in PrefixSummary prefix, in UserHistory user, EntityStats item, EntityStats category, Span<double> destination)
    {
        var inputs = new FeatureInputs(in prefix, user, item, category);
        var features = FeatureCatalog.Span;
        for (var i = 0; i < features.Length; i++)
        {
            destination[i] = features[i].Online(in inputs);
        }
    }

    public static double[] Compute(ReadOnlySpan<SessionEvent> prefix, in UserHistory user, EntityStatsLookup stats)
    {
        var values = new double[Count];
        Compute(prefix, user, stats, values);
        return values;
    }
}
