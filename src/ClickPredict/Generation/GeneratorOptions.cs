namespace ClickPredict.Generation;

/// <summary>What to generate. The same options always give byte-identical files.</summary>
internal sealed record GeneratorOptions
{
    public long Events { get; init; } = 100_000;

    public long Seed { get; init; } = 42;

    /// <summary>Time of the first possible event, UTC (an unspecified kind is read as UTC).</summary>
    public DateTime Start { get; init; } = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public GeneratedFormat Format { get; init; } = GeneratedFormat.Csv;

    /// <summary>
    /// Multiplies every written price (a currency switch, a pricing bug): behaviour and every other
    /// column stay as they are for the seed, so drift detection can be tested on the price features alone.
    /// </summary>
    public double PriceFactor { get; init; } = 1.0;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Events, 1, nameof(Events));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Events, 2_000_000_000, nameof(Events));
        if (Start.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Start must be UTC.", nameof(Start));
        }

        if (Start < DateTime.UnixEpoch || Start.Year > 2200)
        {
            throw new ArgumentOutOfRangeException(nameof(Start), Start, "Start must be between 1970 and 2200.");
        }

        if (!double.IsFinite(PriceFactor) || PriceFactor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PriceFactor), PriceFactor, "The price factor must be a positive number.");
        }

        if (!Enum.IsDefined(Format))
        {
            throw new ArgumentOutOfRangeException(nameof(Format), Format, "Unknown output format.");
        }
    }

    internal long StartUnixMs => (Start.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
}
