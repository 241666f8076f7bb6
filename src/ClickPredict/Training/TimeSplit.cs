using System.Globalization;
using ClickPredict.Storage;

namespace ClickPredict.Training;

/// <summary>One side of a time split: its examples and the session-start window they come from.</summary>
internal sealed record SplitWindow(string Name, ExampleTable Examples, DateTime From, DateTime To)
{
    public WindowSummary Summary() => new(From, To, Examples.Count, Examples.Positives, Examples.Sessions);
}

/// <summary>Counts of a window, as stored in model.json and printed.</summary>
internal sealed record WindowSummary(DateTime From, DateTime To, int Examples, int Positives, int Sessions);

/// <summary>Train / validation / test by session start.</summary>
internal sealed record TimeSplit(SplitWindow Train, SplitWindow Validation, SplitWindow Test)
{
    public static TimeSplit Of(ExampleTable examples, SplitOptions options)
    {
        options.Validate();
        if (examples.Count == 0)
        {
            throw new TrainingException("Gold holds no examples; there is nothing to train on.");
        }

        var (validFrom, testFrom) = options.ValidationFrom is { } v && options.TestFrom is { } t
            ? (EpochMicros.Of(v), EpochMicros.Of(t))
            : (SessionStartAtFraction(examples, options.TrainFraction), SessionStartAtFraction(examples, options.TrainFraction + options.ValidationFraction));
        var validStart = examples.FirstAtOrAfter(validFrom);
        var testStart = examples.FirstAtOrAfter(testFrom);
        var end = EpochMicros.ToTime(examples.SessionStartMicros(examples.Count - 1) + 1);
        var split = new TimeSplit(
            new SplitWindow("train", examples.Slice(0, validStart), EpochMicros.ToTime(examples.SessionStartMicros(0)), EpochMicros.ToTime(validFrom)),
            new SplitWindow("validation", examples.Slice(validStart, testStart - validStart), EpochMicros.ToTime(validFrom), EpochMicros.ToTime(testFrom)),
            new SplitWindow("test", examples.Slice(testStart, examples.Count - testStart), EpochMicros.ToTime(testFrom), end));
        foreach (var window in new[] { split.Train, split.Validation, split.Test })
        {
            if (window.Examples.Positives < options.MinPositives)
            {
                throw new TrainingException(
                    $"The {window.Name} window (sessions starting {Stamp(window.From)} to {Stamp(window.To)}: {window.Examples.Count:N0} examples " +
                    $"from {window.Examples.Sessions:N0} sessions) has {window.Examples.Positives:N0} positive examples; at least {options.MinPositives} " +
                    "are needed to measure anything. Use more data, or move the split (--split, --valid-from/--test-from).");
            }
        }

        return split;
    }

    /// <summary>The start of the session at <paramref name="fraction"/> of all sessions in start order.</summary>
    private static long SessionStartAtFraction(ExampleTable examples, double fraction)
    {
        var sessions = examples.SessionOrdinal(examples.Count - 1) + 1;
        var target = (int)Math.Floor(sessions * fraction);
        var lo = 0;
        var hi = examples.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (examples.SessionOrdinal(mid) < target)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo < examples.Count ? examples.SessionStartMicros(lo) : examples.SessionStartMicros(examples.Count - 1) + 1;
    }

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
