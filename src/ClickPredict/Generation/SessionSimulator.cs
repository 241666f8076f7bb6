using ClickPredict.Events;

namespace ClickPredict.Generation;

/// <summary>
/// Plays out one session event by event. Whether it converts is decided only from the shopper's past and
/// what the session did before the decision; a purchase may be followed by a few views that say nothing new.
/// </summary>
internal sealed class SessionSimulator(Catalog catalog, Xoshiro256 rng)
{
    private const int MaxLength = 300;
    private const long MaxGapMs = 25 * ActivityRhythm.MsPerMinute;

    private readonly int[] _cart = new int[64];
    private readonly int[] _viewed = new int[MaxLength];
    private int _cartCount;
    private int _viewedCount;

    public SessionOutcome Run(ref Shopper shopper, int user, int session, long startUnixMs, List<GeneratedEvent> output)
    {
        _cartCount = 0;
        _viewedCount = 0;
        var hasBought = shopper.PastPurchases > 0;
        var considerChance = shopper.Propensity * (hasBought ? 1.6 : 1.0) * (shopper.AbandonedCartLastSession ? 1.5 : 1.0);
        var considering = rng.Chance(Math.Min(0.7, considerChance));
        var style = considering ? SessionStyle.Considering : SessionStyle.Browsing;

        var focus = rng.NextDouble() switch
        {
            < 0.55 => shopper.FavoriteCategory,
            < 0.75 => shopper.SecondCategory,
            _ => catalog.Categories.Sample(rng),
        };

        var length = Math.Min(MaxLength, style.MinLength + (int)rng.NextLogNormal(style.LengthMedian, style.LengthSigma));
        var sink = new Sink(output, user, session, startUnixMs);
        var current = -1;
        var repeats = 0;
        var lastType = EventType.View;
        for (var step = 0; step < length; step++)
        {
            if (step > 0)
            {
                sink.Advance(Dwell(style, lastType));
            }

            if (_cartCount > 0 && rng.Chance(style.RemoveChance))
            {
                var at = rng.NextInt(_cartCount);
                lastType = sink.Emit(EventType.RemoveFromCart, _cart[at]);
                _cart[at] = _cart[--_cartCount];
            }
            else if (current >= 0 && !InCart(current) && _cartCount < _cart.Length && rng.Chance(style.CartChance))
            {
                _cart[_cartCount++] = current;
                lastType = sink.Emit(EventType.Cart, current);
            }
            else
            {
                current = NextView(style, ref focus, ref repeats);
                _viewed[_viewedCount++] = current;
                lastType = sink.Emit(EventType.View, current);
            }
        }

        var buyChance = considering
            ? Math.Clamp(0.62 + (hasBought ? 0.10 : 0.0) + 0.03 * Math.Min(repeats, 5) - 0.12 * RelativePrice(current), 0.1, 0.9)
            : (hasBought ? 0.010 : 0.005);
        if (!rng.Chance(buyChance))
        {
            return new SessionOutcome(sink.UnixMs, Purchased: false, AbandonedCart: _cartCount > 0);
        }

        var bought = Checkout(ref sink, style, lastType, current, focus);
        return new SessionOutcome(sink.UnixMs, Purchased: true, AbandonedCart: _cartCount > bought);
    }

    /// <summary>The next item viewed: a revisit of a recent one, an item of the focus category, or any item (which may move the focus).</summary>
    private int NextView(SessionStyle style, ref int focus, ref int repeats)
    {
        if (_viewedCount > 0 && rng.Chance(style.RepeatViewChance))
        {
            // Revisits favour the last few items looked at.
            repeats++;
            return _viewed[_viewedCount - 1 - Math.Min(_viewedCount - 1, (int)(rng.NextExponential() * 2))];
        }

        if (rng.Chance(style.FocusChance))
        {
            return catalog.CategoryItems[focus].Sample(rng);
        }

        var item = catalog.Items.Sample(rng);
        if (rng.Chance(0.5))
        {
            focus = catalog.ItemCategory[item];
        }

        return item;
    }

    /// <summary>A buying session's end: a cart if there is none, one to three purchases, sometimes a few views after; how many items were bought.</summary>
    private int Checkout(ref Sink sink, SessionStyle style, EventType lastType, int current, int focus)
    {
        if (_cartCount == 0)
        {
            sink.Advance(Dwell(style, lastType));
            _cart[_cartCount++] = current;
            sink.Emit(EventType.Cart, current);
        }

        sink.Advance(SecondsToMs(rng.NextLogNormal(35, 0.7)));
        var bought = Math.Min(_cartCount, rng.NextDouble() switch { < 0.6 => 1, < 0.85 => 2, _ => 3 });
        for (var i = 0; i < bought; i++)
        {
            if (i > 0)
            {
                sink.Advance(1000 + rng.NextInt(4000));
            }

            sink.Emit(EventType.Purchase, _cart[_cartCount - 1 - i]);
        }

        if (rng.Chance(0.45))
        {
            var tail = 1 + rng.NextInt(4);
            for (var i = 0; i < tail; i++)
            {
                sink.Advance(Dwell(SessionStyle.Browsing, EventType.View));
                sink.Emit(EventType.View, catalog.CategoryItems[focus].Sample(rng));
            }
        }

        return bought;
    }

    private bool InCart(int item) => Array.IndexOf(_cart, item, 0, _cartCount) >= 0;

    private double RelativePrice(int item) =>
        Math.Log(catalog.ItemPrice[item] / catalog.CategoryMedianPrice[catalog.ItemCategory[item]]);

    private long Dwell(SessionStyle style, EventType previous)
    {
        if (rng.Chance(0.03))
        {
            return SecondsToMs(180 + rng.NextDouble() * 1320);
        }

        var seconds = previous == EventType.View
            ? rng.NextLogNormal(style.DwellMedianSeconds, style.DwellSigma)
            : rng.NextLogNormal(14, 0.8);
        return SecondsToMs(seconds);
    }

    private static long SecondsToMs(double seconds) => Math.Clamp((long)(seconds * 1000), 1000, MaxGapMs);

    private struct Sink(List<GeneratedEvent> output, int user, int session, long startUnixMs)
    {
        private ushort _sequence;

        public long UnixMs { get; private set; } = startUnixMs;

        public void Advance(long ms) => UnixMs += ms;

        public EventType Emit(EventType type, int item)
        {
            output.Add(new GeneratedEvent
            {
                UnixMs = UnixMs, Session = session, User = user, Item = item, Sequence = _sequence++, Type = (byte)type,
            });
            return type;
        }
    }
}
