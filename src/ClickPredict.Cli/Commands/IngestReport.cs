using ClickPredict.Events;
using Spectre.Console;
using static ClickPredict.Cli.Formats;

namespace ClickPredict.Cli.Commands;

/// <summary>What an ingest did, per file and in total: every row read is accounted for.</summary>
internal static class IngestReport
{
    public static void Print(IAnsiConsole console, IngestResult result, bool verbose = false)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("file", "status", "read", "accepted", "quarantined", "duplicates dropped");
        foreach (var file in result.Files)
        {
            var rows = file.Rows;
            var read = file.Status == FileStatus.Unchanged ? "-" : N(rows.Read);
            table.AddRow(Markup.Escape(Path.GetFileName(file.SourcePath)), file.Status.ToString().ToLowerInvariant(), read,
                file.Status == FileStatus.Unchanged ? "-" : N(rows.Accepted),
                file.Status == FileStatus.Unchanged ? "-" : N(rows.Quarantined),
                file.Status == FileStatus.Unchanged ? "-" : N(rows.Duplicates));
        }

        console.Write(table);
        var total = result.Rows;
        console.MarkupLineInterpolated(
            $"Rows read {N(total.Read)} = accepted {N(total.Accepted)} + quarantined {N(total.Quarantined)} + duplicates dropped {N(total.Duplicates)}");
        if (total.DuplicatesOfEarlierFiles > 0)
        {
            console.MarkupLineInterpolated(
                $"  [yellow]{N(total.DuplicatesOfEarlierFiles)} of the duplicates repeat rows already in the lake or in an earlier file of this ingest[/] (overlapping exports).");
        }

        foreach (var file in result.Files.Where(f => f.Status != FileStatus.Unchanged && f.Size == 0))
        {
            console.MarkupLineInterpolated($"  [yellow]{Path.GetFileName(file.SourcePath)} is empty (0 bytes): no header and no rows, nothing read from it.[/]");
        }

        foreach (var (rule, count) in total.QuarantinedByRule.OrderByDescending(kv => kv.Value))
        {
            console.MarkupLineInterpolated($"  quarantined by [yellow]{rule}[/]: {N(count)}");
        }

        if (verbose)
        {
            foreach (var file in result.Files.Where(f => f.Staged is not null))
            {
                var steps = file.Staged!.Timings.Select(t => $"{t.Step} {t.Elapsed.TotalSeconds:F2}s");
                console.MarkupLineInterpolated($"[grey]{Path.GetFileName(file.SourcePath)}: {string.Join(", ", steps)}[/]");
            }
        }

        switch (result.Status)
        {
            case IngestStatus.Committed:
                console.MarkupLineInterpolated($"[green]Committed ingest {result.IngestId}.[/]");
                break;
            case IngestStatus.NothingToDo:
                console.MarkupLine("[green]Every file is unchanged since its last ingest; the lake was not touched.[/]");
                break;
            case IngestStatus.Rejected:
                console.MarkupLineInterpolated(
                    $"[red]Rejected: {N(total.Quarantined)} row(s) broke a rule and --strict is on; the lake was not touched. Error report: {result.ErrorReport}[/]");
                break;
        }
    }
}
