using ClickPredict.Events;
using ClickPredict.Storage;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClickPredict.Features;

/// <summary>
/// The durable record of the live events: <c>events.jsonl</c> in its folder, one JSON object per line,
/// appended and flushed to the disk before the events are acknowledged, so a restart loses nothing
/// acknowledged. Reading skips (and counts) any line that does not parse back into a valid event —
/// the torn last line of a crash mid-write, or a file edited by hand — instead of failing the start.
/// A line marked <c>flushed</c> is in bronze already (<see cref="Events.LiveBronze"/>); <see cref="Rewrite"/>
/// marks them, and drops those the serving snapshot covers, in one rename.
/// </summary>
internal sealed class LiveEventLog(string folder)
{
    public const string FileName = "events.jsonl";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Path { get; } = System.IO.Path.Combine(folder, FileName);

    public string Folder => folder;

    /// <summary>False until the file's tail was checked (once, or again after a failed write): this process's own appends end every line.</summary>
    private bool tailChecked;

    /// <summary>Appends <paramref name="events"/> and returns once they are on the disk (fsync).</summary>
    public void Append(IReadOnlyList<LiveEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.Append(Serialize(new Logged(e, Flushed: false))).Append('\n');
        }

        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (!tailChecked && stream.Length > 0 && !EndsWithNewline())
        {
            // A crash tore the last line: start on a line of our own so this one parses.
            stream.WriteByte((byte)'\n');
        }

        tailChecked = false;
        stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
        stream.Flush(flushToDisk: true);
        tailChecked = true;
    }

    /// <summary>Every event the log holds that parses back, in the order written, and how many lines did not.</summary>
    public (List<LiveEvent> Events, int Skipped) Read()
    {
        var (logged, skipped) = ReadLogged();
        return ([.. logged.Select(l => l.Event)], skipped);
    }

    /// <summary>As <see cref="Read"/>, with each event's flushed mark.</summary>
    public (List<Logged> Events, int Skipped) ReadLogged()
    {
        var events = new List<Logged>();
        var skipped = 0;
        if (!File.Exists(Path))
        {
            return (events, skipped);
        }

        foreach (var line in File.ReadLines(Path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (Parse(line) is { } e)
            {
                events.Add(e);
            }
            else
            {
                skipped++;
            }
        }

        return (events, skipped);
    }

    /// <summary>
    /// Replaces the log with <paramref name="events"/> (each with its mark) in one rename after an fsync,
    /// so a crash leaves the old log or the new one. The caller holds off appends meanwhile.
    /// </summary>
    public void Rewrite(IEnumerable<Logged> events)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
            using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true))
            {
                foreach (var e in events)
                {
                    writer.Write(Serialize(e));
                    writer.Write('\n');
                }
            }

            stream.Flush(flushToDisk: true);
        });
        tailChecked = true;
    }

    /// <summary>One line of the log (without its newline); the Redis outbox stores its entries so too.</summary>
    public static string Serialize(Logged logged)
    {
        var e = logged.Event;
        return JsonSerializer.Serialize(
            new Line(e.EventId, e.UserId, e.SessionId, e.Micros, (int)e.Type, e.ItemId, e.Category, e.Price, e.Brand, logged.Flushed ? true : null), Json);
    }

    /// <summary>The event a line holds, or null when it does not parse back into a valid one.</summary>
    public static Logged? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<Line>(line, Json) is { EventId.Length: > 0, UserId.Length: > 0, ItemId.Length: > 0 } l
                && Enum.IsDefined((EventType)l.Type) && (l.Price is null || double.IsFinite(l.Price.Value))
                ? new Logged(new LiveEvent(l.EventId, l.UserId, l.SessionId, l.Micros, (EventType)l.Type, l.ItemId, l.Category, l.Price, l.Brand), l.Flushed == true)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool EndsWithNewline()
    {
        using var read = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (read.Length == 0)
        {
            return true;
        }

        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() == '\n';
    }

    /// <summary>One logged event; <see cref="Flushed"/>: it is in bronze.</summary>
    public sealed record Logged(LiveEvent Event, bool Flushed);

    private sealed record Line(
        string EventId, string UserId, string? SessionId, long Micros, int Type, string ItemId, string? Category, double? Price, string? Brand, bool? Flushed);
}
