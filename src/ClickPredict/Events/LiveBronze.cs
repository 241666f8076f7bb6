using System.Globalization;
using System.Text;
using ClickPredict.Features;
using ClickPredict.Storage;

namespace ClickPredict.Events;

/// <summary>
/// Moves the live events of finished sessions into bronze, through the same ingest as any export: a
/// canonical CSV goes through the rules, the duplicate check against every bronze file (so an event
/// flushed twice after a crash is quarantined as a duplicate, not counted twice), the quarantine and
/// the quality record; the manifest commits it. The next sessionize and features see the events as if
/// the shop had exported them.
/// </summary>
internal static class LiveBronze
{
    /// <summary>The flushed files' names start so; the canonical mapping's file pattern is <c>events*</c>.</summary>
    public const string FilePrefix = "events-live-";

    /// <summary>
    /// The instant before which every event in <paramref name="events"/> belongs to a finished session
    /// as of <paramref name="nowMicros"/>: a user whose last event is at least the gap before now has
    /// finished; one still active holds back everything from the start of their current run of events
    /// (no two consecutive ones a gap apart). Flushing a prefix in time, rather than user by user, keeps
    /// a later snapshot's cutoff (just after bronze's last event) from passing an unflushed event. A user
    /// who never pauses holds back no more than <paramref name="maxHoldMicros"/>.
    /// </summary>
    public static long FinishedBefore(IEnumerable<LiveEvent> events, long nowMicros, long gapMicros, long maxHoldMicros)
    {
        var before = nowMicros - gapMicros;
        foreach (var user in events.GroupBy(e => e.UserId, StringComparer.Ordinal))
        {
            var times = user.Select(e => e.Micros).Order().ToArray();
            if (times[^1] < nowMicros - gapMicros)
            {
                continue;
            }

            var start = times.Length - 1;
            while (start > 0 && times[start] - times[start - 1] < gapMicros)
            {
                start--;
            }

            before = Math.Min(before, times[start]);
        }

        return Math.Max(before, nowMicros - maxHoldMicros);
    }

    /// <summary>
    /// Writes <paramref name="events"/> as a canonical CSV in <paramref name="outbox"/> (temp name, then
    /// rename) and ingests it into <paramref name="lake"/>; the CSV is removed once the ingest is over.
    /// Throws <see cref="LakeBusyException"/> while another command holds the lake.
    /// </summary>
    public static IngestResult Ingest(Lake lake, string outbox, IReadOnlyList<LiveEvent> events, TimeProvider clock)
    {
        foreach (var stale in Directory.Exists(outbox) ? Directory.GetFiles(outbox, FilePrefix + "*") : [])
        {
            // A flush cut short: its events are still unflushed in the log and go in this file again.
            File.Delete(stale);
        }

        var file = Path.Combine(outbox, $"{FilePrefix}{clock.GetUtcNow():yyyyMMdd'T'HHmmssfffffff'Z'}.csv");
        AtomicFile.WriteAllText(file, Csv(events));
        try
        {
            var options = new IngestOptions { MaxEventTime = clock.GetUtcNow().UtcDateTime.AddDays(1) };
            return new EventIngestor(lake, options, clock).Run(SourceMappings.Load("canonical"), file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The events in the canonical CSV layout, every text field quoted, times to the microsecond.</summary>
    internal static string Csv(IEnumerable<LiveEvent> events)
    {
        var csv = new StringBuilder("event_time,user_id,session_id,event_type,item_id,category,brand,price\n");
        foreach (var e in events)
        {
            var time = DateTime.UnixEpoch.AddTicks(e.Micros * TimeSpan.TicksPerMicrosecond);
            csv.Append(time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append(',')
                .Append(Quoted(e.UserId)).Append(',')
                .Append(Quoted(e.SessionId)).Append(',')
                .Append(CanonicalEventTypes.Name(e.Type)).Append(',')
                .Append(Quoted(e.ItemId)).Append(',')
                .Append(Quoted(e.Category)).Append(',')
                .Append(Quoted(e.Brand)).Append(',')
                .Append(e.Price?.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Quoted(string? value) => value is null ? "" : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
