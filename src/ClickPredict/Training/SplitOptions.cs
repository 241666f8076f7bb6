namespace ClickPredict.Training;

/// <summary>
/// How examples are split by session start: by fractions of sessions in start order, or at two
/// dates. Every example of a session falls on the side of its session's start.
/// </summary>
internal sealed record SplitOptions
{
    public double TrainFraction { get; set; } = 0.70;

    public double ValidationFraction { get; set; } = 0.15;

    /// <summary>When set (with <see cref="TestFrom"/>), sessions starting from here are validation; fractions are ignored.</summary>
    public DateTime? ValidationFrom { get; init; }

    public DateTime? TestFrom { get; init; }

    /// <summary>Below this many positive examples a window measures nothing worth ranking models on.</summary>
    public int MinPositives { get; set; } = 25;

    public void Validate()
    {
        if (ValidationFrom.HasValue != TestFrom.HasValue)
        {
            throw new ArgumentException("Give both --valid-from and --test-from, or neither.");
        }

        if (ValidationFrom is { } v && TestFrom is { } t && v >= t)
        {
            throw new ArgumentException($"--valid-from ({v:O}) must be before --test-from ({t:O}).");
        }

        if (TrainFraction <= 0 || ValidationFraction <= 0 || TrainFraction + ValidationFraction >= 1)
        {
            throw new ArgumentException(
                $"Split fractions must be positive and leave room for a test window: train {TrainFraction}, validation {ValidationFraction}.");
        }
    }
}
