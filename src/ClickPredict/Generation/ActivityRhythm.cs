namespace ClickPredict.Generation;

/// <summary>How busy the shop is at a moment, relative to the busiest hour (1.0): evenings peak, nights are quiet, weekends are busier.</summary>
internal static class ActivityRhythm
{
    public const long MsPerMinute = 60_000;
    public const long MsPerHour = 60 * MsPerMinute;
    public const long MsPerDay = 24 * MsPerHour;

    private static readonly double[] Hourly =
    [
        0.34, 0.22, 0.14, 0.10, 0.09, 0.11, 0.18, 0.32, 0.48, 0.58, 0.64, 0.68,
        0.74, 0.72, 0.68, 0.67, 0.70, 0.77, 0.87, 0.96, 1.00, 0.96, 0.80, 0.56,
    ];

    // Indexed by DayOfWeek (Sunday first).
    private static readonly double[] Daily = [1.00, 0.90, 0.86, 0.86, 0.88, 0.80, 0.95];

    /// <summary>Weight in (0, 1] at a Unix time in milliseconds.</summary>
    public static double Weight(long unixMs)
    {
        var day = unixMs / MsPerDay;
        var msOfDay = unixMs - day * MsPerDay;
        var hour = (int)(msOfDay / MsPerHour);
        var fraction = (double)(msOfDay - hour * MsPerHour) / MsPerHour;
        var hourly = Hourly[hour] + (Hourly[(hour + 1) % 24] - Hourly[hour]) * fraction;
        // 1970-01-01 was a Thursday.
        return hourly * Daily[(int)((day + 4) % 7)];
    }

    public static double MeanWeight { get; } = ComputeMean();

    private static double ComputeMean()
    {
        var sum = 0.0;
        for (var day = 0; day < 7; day++)
        {
            for (var minute = 0; minute < 24 * 60; minute += 5)
            {
                sum += Weight(day * MsPerDay + minute * MsPerMinute);
            }
        }

        return sum / (7 * 24 * 12);
    }
}
