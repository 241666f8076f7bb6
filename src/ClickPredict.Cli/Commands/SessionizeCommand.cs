using System.CommandLine;
using System.Globalization;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using Spectre.Console;
using static ClickPredict.Cli.Formats;

namespace ClickPredict.Cli.Commands;

internal static class SessionizeCommand
{
    private const double MaxGapMinutes = 24 * 60;

    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var gap = new Option<double>("--gap-minutes")
        {
            Description = "For events without a source session id: inactivity of this many minutes or more starts a new session.",
            DefaultValueFactory = _ => SessionizeOptions.DefaultGap.TotalMinutes,
            HelpName = "minutes",
        };
        gap.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= MaxGapMinutes))
            {
                result.AddError($"--gap-minutes must be more than 0 and at most {MaxGapMinutes:0} (one day).");
            }
        });

        var full = new Option<bool>("--full")
        {
            Description = "Sessionize all of bronze, even when only later dates changed (by default the sessions those dates cannot touch are kept).",
        };

        var command = new Command("sessionize",
            "Group the bronze events into sessions: writes silver/session_events (every event, ordered, with its session) and silver/sessions (one row per session). Source session ids are kept; other events are split by an inactivity gap.")
        {
            lake, gap, full,
        };
        var (partitions, partition, merge) = CliOptions.Partitioning(command, "bronze");
        command.SetAction(parsed =>
        {
            var options = new SessionizeOptions
            {
                Gap = TimeSpan.FromMinutes(parsed.GetValue(gap)),
                Full = parsed.GetValue(full),
                Partitions = parsed.GetValue(partitions),
            };
            var target = new Lake(parsed.GetRequiredValue(lake));
            if (parsed.GetValue(partition) is { } i)
            {
                var staged = new Sessionizer(target, options).StagePartition(i);
                AnsiConsole.MarkupLineInterpolated(
                    $"[green]Staged partition {i} of {staged.Partitions}: {N(staged.Counts.Sessions)} sessions, {N(staged.Counts.Events)} events, {N(staged.Counts.Users)} users. Commit with `clickpredict sessionize --partitions {staged.Partitions} --merge` once every partition is staged.[/]");
                return ExitCodes.Ok;
            }

            Run(target, options, parsed.GetValue(CliOptions.Verbose), parsed.GetValue(merge));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static SessionizeResult Run(Lake lake, SessionizeOptions options, bool verbose, bool merge = false)
    {
        var sessionizer = new Sessionizer(lake, options);
        var result = merge
            ? Progress.Steps<SessionizeResult>("Merging session partitions", _ => sessionizer.Merge())
            : Progress.Steps<SessionizeResult>("Sessionizing", sessionizer.Run);
        Print(AnsiConsole.Console, result, verbose);
        return result;
    }

    private static void Print(IAnsiConsole console, SessionizeResult result, bool verbose)
    {
        var counts = result.Counts;
        var gap = TimeSpan.FromSeconds(result.Silver.GapSeconds).TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("", "count", "share")
            .AddRow("sessions", N(counts.Sessions), "")
            .AddRow("  with the source's session id", N(counts.SourceIdSessions), Share(counts.SourceIdSessions, counts.Sessions))
            .AddRow($"  split by a {gap}-minute gap", N(counts.GapSessions), Share(counts.GapSessions, counts.Sessions))
            .AddRow("  converting (with a purchase)", N(counts.ConvertedSessions), Share(counts.ConvertedSessions, counts.Sessions))
            .AddRow("  of one event", N(counts.SingleEventSessions), Share(counts.SingleEventSessions, counts.Sessions))
            .AddRow("  whose anonymous rows joined the session's user", N(counts.ReconciledSessions), Share(counts.ReconciledSessions, counts.Sessions))
            .AddRow("source session ids with two users, split by user", N(counts.SplitSessionIds), "")
            .AddRow("events", N(counts.Events), "")
            .AddRow("users", N(counts.Users), "");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        console.Write(table);

        if (verbose)
        {
            var steps = result.Timings.Select(t => $"{t.Step} {t.Elapsed.TotalSeconds:F2}s");
            console.MarkupLineInterpolated($"[grey]{string.Join(", ", steps)}[/]");
        }

        var scope = result.Scope;
        if (scope.Nothing)
        {
            console.MarkupLineInterpolated(
                $"[green]Silver build {result.Silver.BuildId} is up to date with bronze (last ingest {result.Silver.LastIngestId ?? "-"}); nothing rebuilt. --full rebuilds anyway.[/]");
            return;
        }

        if (scope.Incremental)
        {
            console.MarkupLineInterpolated(
                $"Incremental: bronze changed from {scope.ChangedFrom:yyyy-MM-dd}; kept {N(scope.KeptSessions)} session(s) of the previous build, rebuilt {N(scope.RebuiltSessions)} and everything after.");
        }
        else
        {
            console.MarkupLineInterpolated($"Every session rebuilt ({scope.FullReason}).");
        }

        console.MarkupLineInterpolated(
            $"[green]Committed silver build {result.Silver.BuildId} from {result.Silver.BronzeFileCount} bronze file(s) (last ingest {result.Silver.LastIngestId ?? "-"}).[/]");
    }

    private static string Share(long part, long whole) => whole == 0 ? "-" : ((double)part / whole).ToString("P2", CultureInfo.InvariantCulture);
}
