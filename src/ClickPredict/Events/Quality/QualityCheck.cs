using System.Globalization;
using ClickPredict.Storage;

namespace ClickPredict.Events.Quality;

/// <summary>Turns an ingest's counts and profile into its quality record, comparing it with the previous ingest of the same source.</summary>
internal static class QualityCheck
{
    public static IngestQuality Of(
        string ingestId, DateTimeOffset at, string source, string status, int filesRead, RowCounts rows, IngestProfile profile,
        IngestQuality? previous, QualityThresholds thresholds)
    {
        var nullRates = IngestProfile.Columns.ToDictionary(
            c => c, c => Rate(profile.Nulls.GetValueOrDefault(c), profile.RowsProfiled), StringComparer.Ordinal);
        var quality = new IngestQuality
        {
            IngestId = ingestId,
            At = at,
            Source = source,
            Status = status,
            FilesRead = filesRead,
            Rows = rows,
            QuarantineRate = Rate(rows.Quarantined, rows.Read),
            DuplicateRate = Rate(rows.Duplicates, rows.Read),
            NullRates = nullRates,
            EventTypes = profile.EventTypes,
            FirstEvent = profile.FirstEvent,
            LastEvent = profile.LastEvent,
            PreviousIngestId = previous?.IngestId,
            RowCountChange = previous is { Rows.Read: > 0 } p ? (double)(rows.Read - p.Rows.Read) / p.Rows.Read : null,
            Thresholds = thresholds,
            Alerts = [],
        };
        return quality with { Alerts = Alerts(quality, previous, thresholds) };
    }

    private static List<QualityAlert> Alerts(IngestQuality q, IngestQuality? previous, QualityThresholds t)
    {
        var alerts = new List<QualityAlert>();
        if (q.RowCountChange is { } change && Math.Abs(change) > t.MaxRowCountChange)
        {
            alerts.Add(new("row_count_change", q.Source, change, t.MaxRowCountChange,
                $"{q.Rows.Read:N0} rows read against {previous!.Rows.Read:N0} in the previous {q.Source} ingest ({previous.IngestId}): {Percent(change, signed: true)}, beyond ±{Percent(t.MaxRowCountChange)}."));
        }

        foreach (var column in IngestProfile.RequiredColumns.Where(c => q.NullRates[c] > t.MaxRequiredNullRate))
        {
            alerts.Add(new("null_rate", column, q.NullRates[column], t.MaxRequiredNullRate,
                $"{column} is missing or unparseable in {Percent(q.NullRates[column])} of the rows read, over {Percent(t.MaxRequiredNullRate)}."));
        }

        if (q.QuarantineRate > t.MaxQuarantineRate)
        {
            alerts.Add(new("quarantine_rate", q.Source, q.QuarantineRate, t.MaxQuarantineRate,
                $"{Percent(q.QuarantineRate)} of the rows read were quarantined ({q.Rows.Quarantined:N0}), over {Percent(t.MaxQuarantineRate)}."));
        }

        if (previous is not null && previous.EventTypes.Values.Sum() > 0 && q.EventTypes.Values.Sum() > 0)
        {
            foreach (var type in CanonicalEventTypes.All)
            {
                var (before, now) = (previous.EventTypeShare(type), q.EventTypeShare(type));
                var points = now - before;
                var relative = before > 0 ? points / before : 0;
                var judgedRelative = previous.EventTypes.GetValueOrDefault(type) >= t.MinTypeRowsForRelativeChange;
                var byPoints = Math.Abs(points) > t.MaxEventTypeShareChange;
                if (byPoints || (judgedRelative && Math.Abs(relative) > t.MaxEventTypeRelativeChange))
                {
                    var (value, limit) = byPoints ? (points, t.MaxEventTypeShareChange) : (relative, t.MaxEventTypeRelativeChange);
                    alerts.Add(new("event_type_share", type, value, limit,
                        $"{type} is {Percent(now)} of accepted rows against {Percent(before)} in the previous {q.Source} ingest " +
                        $"({Points(points)}, {Percent(relative, signed: true)} of itself; limits ±{Percent(t.MaxEventTypeShareChange)} points or ±{Percent(t.MaxEventTypeRelativeChange)})."));
                }
            }
        }

        return alerts;
    }

    private static double Rate(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    private static string Percent(double value, bool signed = false) =>
        (signed && value > 0 ? "+" : "") + (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Points(double value) =>
        (value > 0 ? "+" : "") + (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + " points";
}
