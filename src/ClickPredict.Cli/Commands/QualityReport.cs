using System.Globalization;
using ClickPredict.Events;
using ClickPredict.Events.Quality;
using Spectre.Console;
using static ClickPredict.Cli.Formats;

namespace ClickPredict.Cli.Commands;

/// <summary>Prints ingest quality: a summary after an ingest, the recent history, one ingest in detail.</summary>
internal static class QualityReport
{
    public static void PrintSummary(IAnsiConsole console, IngestQuality q)
    {
        var change = q.RowCountChange is { } c ? $"{Signed(c)} rows vs the previous {q.Source} ingest" : $"first {q.Source} ingest with a quality record";
        console.MarkupLineInterpolated(
            $"Quality: quarantined {Pct(q.QuarantineRate)}, duplicates {Pct(q.DuplicateRate)}, {change}; mix {Mix(q)}.");
        PrintAlerts(console, q);
    }

    public static void PrintAlerts(IAnsiConsole console, IngestQuality q)
    {
        foreach (var alert in q.Alerts)
        {
            console.MarkupLineInterpolated($"[bold yellow]ALERT[/] [yellow]{alert.Check}[/] ({q.IngestId}): {alert.Message}");
        }
    }

    public static void PrintRecent(IAnsiConsole console, IReadOnlyList<IngestQuality> recent)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("ingest", "source", "status", "files", "read", "accepted", "quarantined", "duplicates", "rows vs previous", "purchase share", "alerts");
        foreach (var q in recent)
        {
            table.AddRow(
                Markup.Escape(q.IngestId), Markup.Escape(q.Source), q.Status, N(q.FilesRead), N(q.Rows.Read), N(q.Rows.Accepted),
                Pct(q.QuarantineRate), Pct(q.DuplicateRate), q.RowCountChange is { } c ? Signed(c) : "-",
                Pct(q.EventTypeShare("purchase")), q.Alerts.Count == 0 ? "[green]0[/]" : $"[yellow]{q.Alerts.Count}[/]");
        }

        console.Write(table);
        foreach (var q in recent)
        {
            PrintAlerts(console, q);
        }
    }

    public static void PrintDetail(IAnsiConsole console, IngestQuality q)
    {
        console.MarkupLineInterpolated($"[bold]{q.IngestId}[/] ({q.Source}, {q.Status}) at {q.At:yyyy-MM-dd HH:mm:ss} UTC; events {q.FirstEvent:yyyy-MM-dd HH:mm} to {q.LastEvent:yyyy-MM-dd HH:mm}");
        console.MarkupLineInterpolated(
            $"Rows read {N(q.Rows.Read)} = accepted {N(q.Rows.Accepted)} + quarantined {N(q.Rows.Quarantined)} + duplicates dropped {N(q.Rows.Duplicates)}");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("canonical column", "NULL rate", "required");
        foreach (var (column, rate) in q.NullRates)
        {
            table.AddRow(column, Pct(rate), IngestProfile.RequiredColumns.Contains(column) ? "yes" : "");
        }

        console.Write(table);
        var rules = q.Rows.QuarantinedByRule.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {N(kv.Value)}");
        console.MarkupLineInterpolated($"Quarantined by rule: {(q.Rows.Quarantined == 0 ? "none" : string.Join(", ", rules))}");
        console.MarkupLineInterpolated($"Event-type mix of accepted rows: {Mix(q)}");
        PrintAlerts(console, q);
    }

    private static string Mix(IngestQuality q) =>
        string.Join(", ", CanonicalEventTypes.All.Select(t => $"{t} {Pct(q.EventTypeShare(t))}"));

    private static string Pct(double value) => (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Signed(double value) => (value > 0 ? "+" : "") + Pct(value);
}
