namespace ClickPredict.Tests.Generation;

/// <summary>Properties a model trained on generated data relies on, checked over 200k events.</summary>
public sealed class GeneratedRealismTests(GeneratedClickstream data) : IClassFixture<GeneratedClickstream>
{
    [Fact]
    public void Between_3_and_6_percent_of_sessions_convert()
    {
        var share = data.Sessions.Count(s => s.Converts) / (double)data.Sessions.Count;

        Assert.InRange(share, 0.03, 0.06);
        Assert.Equal(share, data.Summary.ConvertingSessionShare, 10);
    }

    [Fact]
    public void Users_come_back_over_several_days()
    {
        var byUser = data.Sessions.GroupBy(s => s.UserId).ToList();
        var spanDays = (data.Rows[^1].EventTime - data.Rows[0].EventTime).TotalDays;

        Assert.InRange(spanDays, 5, 20);
        Assert.InRange(byUser.Average(u => u.Count()), 2.5, 6);
        Assert.True(byUser.Count(u => u.Count() >= 3) > byUser.Count / 3);
        var multiDay = byUser.Count(u => (u.Max(s => s.Start) - u.Min(s => s.Start)).TotalDays >= 1);
        Assert.True(multiDay > byUser.Count / 2, $"{multiDay} of {byUser.Count} users span a day or more");
    }

    [Fact]
    public void Sessions_obey_the_30_minute_inactivity_rule()
    {
        var gap = TimeSpan.FromMinutes(30);
        foreach (var session in data.Sessions)
        {
            Assert.All(session.Events.Zip(session.Events.Skip(1)), p => Assert.True(p.Second.EventTime - p.First.EventTime < gap));
        }

        foreach (var user in data.Sessions.GroupBy(s => s.UserId))
        {
            var ordered = user.OrderBy(s => s.Start).ToList();
            Assert.All(ordered.Zip(ordered.Skip(1)), p => Assert.True(p.Second.Start - p.First.End >= gap));
        }
    }

    [Fact]
    public void Session_length_is_short_at_the_median_with_a_heavy_tail()
    {
        var lengths = data.Sessions.Select(s => s.Events.Count).Order().ToArray();

        Assert.InRange(lengths[lengths.Length / 2], 2, 5);
        Assert.True(lengths.Count(l => l >= 50) >= 20, "some sessions run to 50+ events");
        Assert.Equal(1, lengths[0]);
    }

    [Fact]
    public void Evenings_are_busier_than_nights()
    {
        var hours = data.Sessions.GroupBy(s => s.Start.Hour).ToDictionary(g => g.Key, g => g.Count());

        Assert.True(hours[20] > 4 * hours[3], $"20h: {hours[20]}, 3h: {hours[3]}");
        Assert.True(hours[20] > hours[10]);
    }

    [Fact]
    public void Converting_sessions_add_more_to_cart_before_buying_than_others_of_the_same_length()
    {
        foreach (var (min, max) in new[] { (3, 5), (6, 10), (11, 30) })
        {
            var converting = data.Sessions.Where(s => s.Converts).Select(s => s.BeforePurchase).Where(p => p.Count >= min && p.Count <= max).ToList();
            var other = data.Sessions.Where(s => !s.Converts && s.Events.Count >= min && s.Events.Count <= max).Select(s => s.Events).ToList();

            Assert.True(converting.Count >= 50, $"{converting.Count} converting sessions of length {min}-{max}");
            Assert.True(Carts(converting) > Carts(other) + 0.5, $"{min}-{max}: {Carts(converting):F2} vs {Carts(other):F2}");
        }

        static double Carts(List<IReadOnlyList<CsvRow>> prefixes) => prefixes.Average(p => p.Count(e => e.EventType == "cart"));
    }

    [Fact]
    public void A_cart_add_is_a_hint_not_a_giveaway()
    {
        var carted = data.Sessions.Where(s => s.BeforePurchase.Any(e => e.EventType == "cart")).ToList();
        var convertingShare = carted.Count(s => s.Converts) / (double)carted.Count;
        var abandonedWithCart = carted.Count(s => !s.Converts);

        Assert.InRange(convertingShare, 0.3, 0.75);
        Assert.True(abandonedWithCart > data.Sessions.Count(s => s.Converts) / 2);
        Assert.InRange(AbandonedCartShare(), 0.3, 0.6);
    }

    [Fact]
    public void Shoppers_who_bought_before_convert_more_often()
    {
        var withHistory = 0;
        var withHistoryConverting = 0;
        var firstTimers = 0;
        var firstTimersConverting = 0;
        foreach (var user in data.Sessions.GroupBy(s => s.UserId))
        {
            var bought = false;
            foreach (var session in user.OrderBy(s => s.Start))
            {
                (withHistory, withHistoryConverting, firstTimers, firstTimersConverting) = bought
                    ? (withHistory + 1, withHistoryConverting + (session.Converts ? 1 : 0), firstTimers, firstTimersConverting)
                    : (withHistory, withHistoryConverting, firstTimers + 1, firstTimersConverting + (session.Converts ? 1 : 0));
                bought |= session.Converts;
            }
        }

        var returning = withHistoryConverting / (double)withHistory;
        var fresh = firstTimersConverting / (double)firstTimers;
        Assert.True(returning > 1.5 * fresh, $"{returning:P1} vs {fresh:P1}");
        Assert.True(returning < 0.5);
    }

    [Fact]
    public void Item_popularity_is_skewed_but_not_degenerate()
    {
        var views = data.Rows.Where(r => r.EventType == "view").GroupBy(r => r.ItemId).Select(g => g.Count()).OrderDescending().ToArray();
        var total = (double)views.Sum();

        Assert.InRange(views[0] / total, 0.002, 0.05);
        Assert.InRange(views.Take(views.Length / 10).Sum() / total, 0.4, 0.9);
        Assert.InRange(data.Rows.Select(r => r.Category).Distinct().Count(), 200, 500);
    }

    [Fact]
    public void An_item_always_has_the_same_category_brand_and_price()
    {
        var inconsistent = data.Rows.GroupBy(r => r.ItemId).Count(g => g.Select(r => (r.Category, r.Brand, r.Price)).Distinct().Count() > 1);

        Assert.Equal(0, inconsistent);
    }

    private double AbandonedCartShare()
    {
        var carts = 0;
        var abandoned = 0;
        foreach (var events in data.Sessions.Select(s => s.Events))
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].EventType != "cart")
                {
                    continue;
                }

                carts++;
                var item = events[i].ItemId;
                abandoned += events.Skip(i + 1).Any(e => e.EventType == "purchase" && e.ItemId == item) ? 0 : 1;
            }
        }

        return abandoned / (double)carts;
    }
}
