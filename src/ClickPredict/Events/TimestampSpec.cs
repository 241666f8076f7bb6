namespace ClickPredict.Events;

/// <summary>How a source writes time. Local times are converted to UTC at ingest.</summary>
internal sealed record TimestampSpec
{
    /// <summary>
    /// <c>iso8601</c> (also accepts a trailing <c>UTC</c> or offset), <c>epoch_s</c>, <c>epoch_ms</c>,
    /// <c>date_offset_ms</c> (a date column plus <see cref="FieldMap.TimeOffsetMs"/>), or a strptime
    /// pattern such as <c>%d/%m/%Y %H:%M:%S</c>.
    /// </summary>
    public string Format { get; init; } = "iso8601";

    /// <summary>IANA zone of times written without an offset.</summary>
    public string TimeZone { get; init; } = "UTC";

    public bool IsEpoch => Format is "epoch_s" or "epoch_ms";
}
