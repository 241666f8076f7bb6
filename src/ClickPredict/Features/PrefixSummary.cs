using ClickPredict.Events;

namespace ClickPredict.Features;

/// <summary>
/// The running aggregates of a session's prefix that the catalog's prefix features read, taken in one
/// event at a time (<see cref="Add"/>): a cut's features then cost the same however long its prefix,
/// and the features build adds each event once for all of its session's cuts instead of scanning the
/// prefix again at every cut. The aggregates are SQL's over the <c>prefix</c> window: NaN values are
/// skipped, and an aggregate over no value is NaN (SQL NULL), which <see cref="FeatureValues.Or"/>
/// turns into the feature's sentinel as <c>coalesce</c> does. Sums add in event order, so each value
/// is the very one a scan of the prefix in order gives.
/// </summary>
internal struct PrefixSummary
{
    private double maxGap;
    private int gaps;
    private double viewPriceSum;
    private double viewPriceMax;
    private int viewPrices;
    private double cartValue;
    private int cartPrices;
    private int maxItemViews;
    private int maxCategoryViews;

    /// <summary>Events taken in: the cut, k.</summary>
    public int Count { get; private set; }

    /// <summary>The first event's time, the session's start; only meaningful once one was added.</summary>
    public long StartMicros { get; private set; }

    /// <summary>The last event added, the SQL window's current row.</summary>
    public PrefixEvent Last { get; private set; }

    public int Views { get; private set; }

    public int Carts { get; private set; }

    public int Removes { get; private set; }

    /// <summary>Events whose item is new to the prefix.</summary>
    public int DistinctItems { get; private set; }

    /// <summary>Events whose category is new to the prefix (an event without one counts for none).</summary>
    public int DistinctCategories { get; private set; }

    /// <summary>The longest gap between two events, in seconds; NaN for one event.</summary>
    public readonly double MaxGapSeconds => gaps == 0 ? double.NaN : maxGap;

    /// <summary>The mean price of the priced views; NaN when there is none.</summary>
    public readonly double ViewPriceMean => viewPrices == 0 ? double.NaN : viewPriceSum / viewPrices;

    /// <summary>The highest price of a priced view; NaN when there is none.</summary>
    public readonly double ViewPriceMax => viewPrices == 0 ? double.NaN : viewPriceMax;

    /// <summary>The sum of the priced carts' prices; NaN when there is none.</summary>
    public readonly double CartValue => cartPrices == 0 ? double.NaN : cartValue;

    /// <summary>The most views any one item has had so far; NaN before the first event.</summary>
    public readonly double MaxItemViews => Count == 0 ? double.NaN : maxItemViews;

    /// <summary>The most views any one category has had so far; NaN before the first event.</summary>
    public readonly double MaxCategoryViews => Count == 0 ? double.NaN : maxCategoryViews;

    /// <summary>The summary of a whole prefix.</summary>
    public static PrefixSummary Of(ReadOnlySpan<PrefixEvent> facts)
    {
        var summary = default(PrefixSummary);
        foreach (ref readonly var e in facts)
        {
            summary.Add(e);
        }

        return summary;
    }

    /// <summary>Takes in the prefix's next event.</summary>
    public void Add(in PrefixEvent e)
    {
        if (Count++ == 0)
        {
            StartMicros = e.Micros;
            maxItemViews = e.ItemViewsSoFar;
            maxCategoryViews = e.CategoryViewsSoFar;
        }
        else
        {
            maxItemViews = Math.Max(maxItemViews, e.ItemViewsSoFar);
            maxCategoryViews = Math.Max(maxCategoryViews, e.CategoryViewsSoFar);
        }

        Last = e;
        Views += e.Type == EventType.View ? 1 : 0;
        Carts += e.Type == EventType.Cart ? 1 : 0;
        Removes += e.Type == EventType.RemoveFromCart ? 1 : 0;
        DistinctItems += e.FirstOfItem ? 1 : 0;
        DistinctCategories += e.FirstOfCategory ? 1 : 0;
        if (!double.IsNaN(e.GapSeconds) && (gaps++ == 0 || e.GapSeconds > maxGap))
        {
            maxGap = e.GapSeconds;
        }

        if (double.IsNaN(e.Price))
        {
            return;
        }

        if (e.Type == EventType.View)
        {
            viewPriceSum += e.Price;
            if (viewPrices++ == 0 || e.Price > viewPriceMax)
            {
                viewPriceMax = e.Price;
            }
        }
        else if (e.Type == EventType.Cart)
        {
            cartValue += e.Price;
            cartPrices++;
        }
    }
}
