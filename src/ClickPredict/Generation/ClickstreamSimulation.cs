using System.Runtime.InteropServices;

namespace ClickPredict.Generation;

/// <summary>
/// Runs shoppers through time and hands out their events in global time order. Sessions are played out
/// whole when they start (users come back at least 45 minutes after their last event), and an event is
/// released once no session that has yet to start could precede it, so memory holds only the sessions
/// in flight rather than the whole run.
/// </summary>
internal sealed class ClickstreamSimulation
{
    private const long WindowMs = ActivityRhythm.MsPerHour;
    private const long MinReturnGapMs = 45 * ActivityRhythm.MsPerMinute;

    private readonly Xoshiro256 _rng;
    private readonly GenerationScale _scale;
    private readonly SessionSimulator _sessions;
    private readonly PriorityQueue<int, long> _returning = new();
    private readonly List<GeneratedEvent> _pending = new(1 << 16);
    private readonly List<Shopper> _shoppers = [];
    private readonly double _arrivalCeilingPerMs;
    private long[] _keys = new long[1 << 16];
    private long _remaining;
    private long _nextArrivalMs;
    private long _windowEndMs;
    private int _ready;
    private int _released;
    private int _sessionCount;

    public ClickstreamSimulation(GeneratorOptions options)
    {
        options.Validate();
        _scale = GenerationScale.For(options.Events);
        _rng = new Xoshiro256((ulong)options.Seed);
        Catalog = Catalog.Build(_scale.Items, _scale.Categories, new Xoshiro256((ulong)options.Seed ^ 0x5EED_CA7A_1065UL));
        _sessions = new SessionSimulator(Catalog, _rng);
        Catalog.ScalePrices(options.PriceFactor);
        _remaining = options.Events;
        _windowEndMs = options.StartUnixMs;
        _arrivalCeilingPerMs = _scale.ArrivalsPerDay / ActivityRhythm.MeanWeight / ActivityRhythm.MsPerDay;
        _nextArrivalMs = NextArrival(options.StartUnixMs);
        SeedInitialShoppers(options.StartUnixMs);
    }

    public Catalog Catalog { get; }

    /// <summary>Fills <paramref name="buffer"/> with the next events in output order; 0 once the requested count is out.</summary>
    public int Fill(Span<GeneratedEvent> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length && _remaining > 0)
        {
            if (_released == _ready)
            {
                AdvanceWindow();
                continue;
            }

            var take = (int)Math.Min(Math.Min(_ready - _released, buffer.Length - filled), _remaining);
            CollectionsMarshal.AsSpan(_pending).Slice(_released, take).CopyTo(buffer[filled..]);
            _released += take;
            filled += take;
            _remaining -= take;
        }

        return filled;
    }

    private void AdvanceWindow()
    {
        _pending.RemoveRange(0, _released);
        _released = 0;
        _windowEndMs += WindowMs;
        while (true)
        {
            var fromQueue = _returning.TryPeek(out _, out var next) && next <= _nextArrivalMs;
            var startMs = fromQueue ? next : _nextArrivalMs;
            if (startMs >= _windowEndMs)
            {
                break;
            }

            int user;
            if (fromQueue)
            {
                user = _returning.Dequeue();
            }
            else
            {
                user = AddShopper();
                _nextArrivalMs = NextArrival(_nextArrivalMs);
            }

            PlaySession(user, startMs);
        }

        var pending = CollectionsMarshal.AsSpan(_pending);
        SortByTime(pending);
        _ready = 0;
        while (_ready < pending.Length && pending[_ready].UnixMs < _windowEndMs)
        {
            _ready++;
        }
    }

    /// <summary>
    /// Sorts on bare time keys, which is much faster than a composite comparer, then puts the rare runs of
    /// equal times into <see cref="EventOrder"/> so ties still come out the same way every run.
    /// </summary>
    private void SortByTime(Span<GeneratedEvent> events)
    {
        if (_keys.Length < events.Length)
        {
            _keys = new long[Math.Max(events.Length, _keys.Length * 2)];
        }

        var keys = _keys.AsSpan(0, events.Length);
        for (var i = 0; i < events.Length; i++)
        {
            keys[i] = events[i].UnixMs;
        }

        keys.Sort(events);
        var runStart = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[runStart])
            {
                if (i - runStart > 1)
                {
                    events[runStart..i].Sort(new EventOrder());
                }

                runStart = i;
            }
        }
    }

    private void PlaySession(int user, long startMs)
    {
        ref var shopper = ref CollectionsMarshal.AsSpan(_shoppers)[user];
        var outcome = _sessions.Run(ref shopper, user, _sessionCount++, startMs, _pending);
        shopper.PastSessions++;
        shopper.PastPurchases += outcome.Purchased ? 1 : 0;
        shopper.AbandonedCartLastSession = outcome.AbandonedCart;
        if (_rng.Chance(outcome.Purchased ? 0.11 : 0.17))
        {
            return;
        }

        // Shoppers who left something in the cart tend to come back sooner.
        var gapScale = _scale.ReturnGapMedianMs / shopper.Activity * (outcome.AbandonedCart ? 0.5 : 1.0);
        var returnMs = AtBusyTime(outcome.EndUnixMs + MinReturnGapMs, () => (long)_rng.NextLogNormal(gapScale, 1.0));
        _returning.Enqueue(user, returnMs);
    }

    /// <summary>
    /// Thins a delay distribution by the activity rhythm: a drawn delay keeps its day, gets a time of day
    /// redrawn, and is kept with the rhythm's weight. Redrawing rather than postponing keeps nights quiet
    /// without piling sessions up at dawn.
    /// </summary>
    private long AtBusyTime(long notBeforeMs, Func<long> delayMs)
    {
        while (true)
        {
            var dayStart = (notBeforeMs + delayMs()) / ActivityRhythm.MsPerDay * ActivityRhythm.MsPerDay;
            var t = dayStart + (long)(_rng.NextDouble() * ActivityRhythm.MsPerDay);
            if (t >= notBeforeMs && _rng.Chance(ActivityRhythm.Weight(t)))
            {
                return t;
            }
        }
    }

    private int AddShopper()
    {
        _shoppers.Add(new Shopper
        {
            Propensity = _rng.NextBeta(2.0, 33.0),
            Activity = _rng.NextLogNormal(1.0, 0.5),
            FavoriteCategory = Catalog.Categories.Sample(_rng),
            SecondCategory = Catalog.Categories.Sample(_rng),
        });
        return _shoppers.Count - 1;
    }

    /// <summary>The shop opens with a crowd already around, so the first days are not a ramp-up from zero.</summary>
    private void SeedInitialShoppers(long startMs)
    {
        var starts = new long[_scale.InitialUsers];
        for (var i = 0; i < starts.Length; i++)
        {
            // Exponential first visits: the crowd thins out as the arrivals and returns of later days take over.
            starts[i] = AtBusyTime(startMs, () => (long)(_rng.NextExponential() * _scale.ReturnGapMedianMs));
        }

        Array.Sort(starts);
        foreach (var start in starts)
        {
            var user = AddShopper();
            _returning.Enqueue(user, start);
        }
    }

    /// <summary>Non-homogeneous Poisson arrivals by thinning a constant-rate process with the activity rhythm.</summary>
    private long NextArrival(long fromMs)
    {
        var t = (double)fromMs;
        while (true)
        {
            t += _rng.NextExponential() / _arrivalCeilingPerMs;
            if (_rng.Chance(ActivityRhythm.Weight((long)t)))
            {
                return (long)t;
            }
        }
    }
}
