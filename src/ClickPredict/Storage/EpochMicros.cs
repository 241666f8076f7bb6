namespace ClickPredict.Storage;

/// <summary>
/// Microseconds since the Unix epoch, DuckDB's timestamp resolution: the one conversion to and from
/// <see cref="DateTime"/> (its kind is ignored; every time here is UTC). Sub-microsecond ticks are dropped.
/// </summary>
internal static class EpochMicros
{
    public static long Of(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Midnight (UTC) starting <paramref name="date"/>.</summary>
    public static long Of(DateOnly date) => Of(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    public static DateTime ToTime(long micros) => DateTime.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
}
