using ClickPredict.Events;
using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>Reads a value of one prefix event; NaN means the SQL column is NULL.</summary>
internal delegate double EventValue(in PrefixEvent e);

/// <summary>A condition on one prefix event, like a <c>FILTER (WHERE …)</c> clause.</summary>
internal delegate bool EventTest(in PrefixEvent e);

/// <summary>
/// What an online feature sees: the prefix with its per-event columns, the user's history and the
/// cut item's and category's statistics. The aggregates mirror SQL's over the <c>prefix</c> window:
/// NaN values are skipped, and an aggregate over no value is NaN (SQL NULL), which
/// <see cref="FeatureValues.Or"/> turns into the feature's sentinel as <c>coalesce</c> does.
/// </summary>
internal readonly ref struct FeatureInputs(ReadOnlySpan<PrefixEvent> events, UserHistory user, EntityStats item, EntityStats category)
{
    public ReadOnlySpan<PrefixEvent> Events { get; } = events;

    public UserHistory User { get; } = user;

    public EntityStats Item { get; } = item;

    public EntityStats Category { get; } = category;

    /// <summary>The cut: the number of events in the prefix.</summary>
    public int K => Events.Length;

    /// <summary>The cut's event, the SQL window's current row.</summary>
    public ref readonly PrefixEvent Last => ref Events[^1];

    public long SessionStartMicros => Events[0].Micros;

    public DateTime SessionStart => EpochMicros.ToTime(SessionStartMicros);

    public int Count(EventType type)
    {
        var count = 0;
        foreach (ref readonly var e in Events)
        {
            count += e.Type == type ? 1 : 0;
        }

        return count;
    }

    public int Count(EventTest test)
    {
        var count = 0;
        foreach (ref readonly var e in Events)
        {
            count += test(e) ? 1 : 0;
        }

        return count;
    }

    public double Max(EventValue value) => Max(null, value);

    /// <summary>Max of <paramref name="value"/> over events of <paramref name="type"/> (all events when null).</summary>
    public double Max(EventType? type, EventValue value)
    {
        var max = double.NaN;
        foreach (ref readonly var e in Events)
        {
            var v = value(e);
            if ((type is null || e.Type == type) && !double.IsNaN(v) && (double.IsNaN(max) || v > max))
            {
                max = v;
            }
        }

        return max;
    }

    public double Sum(EventType type, EventValue value)
    {
        var (sum, count) = SumAndCount(type, value);
        return count == 0 ? double.NaN : sum;
    }

    public double Mean(EventType type, EventValue value)
    {
        var (sum, count) = SumAndCount(type, value);
        return count == 0 ? double.NaN : sum / count;
    }

    private (double Sum, int Count) SumAndCount(EventType type, EventValue value)
    {
        var sum = 0.0;
        var count = 0;
        foreach (ref readonly var e in Events)
        {
            var v = value(e);
            if (e.Type == type && !double.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        return (sum, count);
    }
}
