using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>
/// What an online feature sees: the prefix's running aggregates (<see cref="PrefixSummary"/>), the
/// user's history and the cut item's and category's statistics.
/// </summary>
internal readonly ref struct FeatureInputs
{
    private readonly ref readonly PrefixSummary prefix;

    public FeatureInputs(ref readonly PrefixSummary prefix, UserHistory user, EntityStats item, EntityStats category)
    {
        this.prefix = ref prefix;
        User = user;
        Item = item;
        Category = category;
    }

    public ref readonly PrefixSummary Prefix => ref prefix;

    public UserHistory User { get; }

    public EntityStats Item { get; }

    public EntityStats Category { get; }

    /// <summary>The cut: the number of events in the prefix.</summary>
    public int K => prefix.Count;

    /// <summary>The cut's event, the SQL window's current row.</summary>
    public PrefixEvent Last => prefix.Last;

    public long SessionStartMicros => prefix.StartMicros;

    public DateTime SessionStart => EpochMicros.ToTime(SessionStartMicros);
}
