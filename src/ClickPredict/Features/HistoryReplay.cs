using ClickPredict.Events;

namespace ClickPredict.Features;

/// <summary>
/// Replays silver in time order and answers "history strictly before t" for any non-decreasing t:
/// the user history and item and category statistics that <c>Sql/timelines.sql</c>,
/// <c>user_history.sql</c> and <c>cut_history.sql</c> define as as-of joins. A session counts from its
/// start, a conversion from the session's first purchase, a purchase (and its spend) and a view (and
/// its price, for the category's typical price) from the event's time. Spend and prices are summed
/// exactly in nanos, as the SQL sums DECIMAL(38, 9), so a total does not depend on the order tied
/// events are added in.
/// </summary>
internal sealed class HistoryReplay
{
    private readonly SilverEvents silver;
    private readonly int[] eventsByTime;
    private readonly int[] sessionsByStart;
    private readonly bool[] firstPurchases;
    private readonly long[] sessions;
    private readonly long[] converted;
    private readonly long[] purchases;
    private readonly Int128[] spendNanos;
    private readonly long[] firstSeen;
    private readonly long[] lastEvent;
    private readonly long[] itemViews;
    private readonly long[] itemPurchases;
    private readonly long[] categoryViews;
    private readonly long[] categoryPurchases;
    private readonly Int128[] categoryViewPriceNanos;
    private readonly long[] categoryPricedViews;
    private readonly int[] eventSession;
    private int nextEvent;
    private int nextSession;

    /// <summary>A replay of <paramref name="silver"/>, on top of <paramref name="checkpoint"/>'s history when silver was read from one.</summary>
    public HistoryReplay(SilverEvents silver, ReplayCheckpoint? checkpoint = null)
    {
        this.silver = silver;
        var order = silver.OrdersForReplay();
        (eventsByTime, sessionsByStart, eventSession, firstPurchases) = (order.EventsByTime, order.SessionsByStart, order.EventSession, order.FirstPurchases);
        var users = silver.UserIds.Count;
        sessions = new long[users];
        converted = new long[users];
        purchases = new long[users];
        spendNanos = new Int128[users];
        firstSeen = new long[users];
        lastEvent = new long[users];
        itemViews = new long[silver.ItemIds.Count];
        itemPurchases = new long[silver.ItemIds.Count];
        categoryViews = new long[silver.CategoryIds.Count];
        categoryPurchases = new long[silver.CategoryIds.Count];
        categoryViewPriceNanos = new Int128[silver.CategoryIds.Count];
        categoryPricedViews = new long[silver.CategoryIds.Count];
        if (checkpoint is not null)
        {
            Resume(checkpoint);
        }
    }

    /// <summary>The history strictly before <paramref name="micros"/>, which must be where the replay stands (after <see cref="AdvanceTo"/> it).</summary>
    public ReplayCheckpoint Capture(long micros, string featureSetVersion) => new()
    {
        AsOfMicros = micros,
        FeatureSetVersion = featureSetVersion,
        UserIds = [.. silver.UserIds],
        ItemIds = [.. silver.ItemIds],
        CategoryIds = [.. silver.CategoryIds],
        Sessions = [.. sessions],
        Converted = [.. converted],
        Purchases = [.. purchases],
        SpendNanos = [.. spendNanos],
        FirstSeen = [.. firstSeen],
        LastEvent = [.. lastEvent],
        ItemViews = [.. itemViews],
        ItemPurchases = [.. itemPurchases],
        CategoryViews = [.. categoryViews],
        CategoryPurchases = [.. categoryPurchases],
        CategoryViewPriceNanos = [.. categoryViewPriceNanos],
        CategoryPricedViews = [.. categoryPricedViews],
    };

    /// <summary>Starts from the checkpoint's counters; silver numbers the checkpoint's ids first, in its order.</summary>
    private void Resume(ReplayCheckpoint checkpoint)
    {
        checkpoint.Sessions.CopyTo(sessions, 0);
        checkpoint.Converted.CopyTo(converted, 0);
        checkpoint.Purchases.CopyTo(purchases, 0);
        checkpoint.SpendNanos.CopyTo(spendNanos, 0);
        checkpoint.FirstSeen.CopyTo(firstSeen, 0);
        checkpoint.LastEvent.CopyTo(lastEvent, 0);
        checkpoint.ItemViews.CopyTo(itemViews, 0);
        checkpoint.ItemPurchases.CopyTo(itemPurchases, 0);
        checkpoint.CategoryViews.CopyTo(categoryViews, 0);
        checkpoint.CategoryPurchases.CopyTo(categoryPurchases, 0);
        checkpoint.CategoryViewPriceNanos.CopyTo(categoryViewPriceNanos, 0);
        checkpoint.CategoryPricedViews.CopyTo(categoryPricedViews, 0);
    }

    /// <summary>Sessions by start time, ties by session key (ordinal): the same order whatever files silver is split into.</summary>
    public ReadOnlySpan<int> SessionsByStart => sessionsByStart;

    /// <summary>Takes in everything strictly before <paramref name="micros"/>; calls must not go back in time.</summary>
    public void AdvanceTo(long micros)
    {
        var times = silver.Micros;
        while (nextSession < sessionsByStart.Length && times[silver.SessionStart(sessionsByStart[nextSession])] < micros)
        {
            var session = sessionsByStart[nextSession++];
            if (silver.IsTail(session))
            {
                continue;   // began before the checkpoint, which counted it
            }

            var user = silver.SessionUser(session);
            if (sessions[user]++ == 0)
            {
                firstSeen[user] = times[silver.SessionStart(session)];
            }
        }

        var types = silver.Types;
        var items = silver.Items;
        var categories = silver.Categories;
        while (nextEvent < eventsByTime.Length && times[eventsByTime[nextEvent]] < micros)
        {
            var e = eventsByTime[nextEvent++];
            var user = silver.SessionUser(eventSession[e]);
            lastEvent[user] = Math.Max(lastEvent[user], times[e]);
            var category = categories[e];
            if (types[e] == EventType.View)
            {
                itemViews[items[e]]++;
                if (category >= 0)
                {
                    categoryViews[category]++;
                    if (!double.IsNaN(silver.Prices[e]))
                    {
                        categoryViewPriceNanos[category] += Nanos(silver.Prices[e]);
                        categoryPricedViews[category]++;
                    }
                }
            }
            else if (types[e] == EventType.Purchase)
            {
                itemPurchases[items[e]]++;
                if (category >= 0)
                {
                    categoryPurchases[category]++;
                }

                purchases[user]++;
                spendNanos[user] += Nanos(silver.Prices[e]);
                converted[user] += firstPurchases[e] ? 1 : 0;
            }
        }
    }

    public UserHistory User(int user) => sessions[user] == 0
        ? UserHistory.None
        : new UserHistory(sessions[user], converted[user], purchases[user], (double)spendNanos[user] / 1e9, firstSeen[user], lastEvent[user]);

    public EntityStats Item(int item) => new(itemViews[item], itemPurchases[item]);

    public EntityStats Category(int category) => category < 0
        ? default
        : new(categoryViews[category], categoryPurchases[category], (double)categoryViewPriceNanos[category] / 1e9, categoryPricedViews[category]);

    /// <summary>A price as DuckDB casts it to DECIMAL(38, 9): scaled, then rounded half to even; no price spends nothing.</summary>
    private static Int128 Nanos(double price) => double.IsNaN(price) ? 0 : (Int128)Math.Round(price * 1e9);

}
