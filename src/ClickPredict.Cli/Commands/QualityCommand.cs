using System.CommandLine;
using ClickPredict.Events.Quality;
using ClickPredict.Storage;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

internal static class QualityCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var last = new Option<int>("--last") { Description = "How many recent ingests to list.", DefaultValueFactory = _ => 10 };
        var ingest = new Option<string?>("--ingest") { Description = "Show one ingest in detail: NULL rates per column, rules, event-type mix.", HelpName = "id" };
        var command = new Command("quality", "List recent ingests with their data quality and alerts (recorded by every ingest under <lake>/quality/).")
        {
            lake, last, ingest,
        };
        command.SetAction(parsed =>
        {
            var theLake = new Lake(parsed.GetRequiredValue(lake));
            if (parsed.GetValue(ingest) is { } id)
            {
                var one = QualityLog.Find(theLake, id)
                    ?? throw new UsageException($"The lake at {theLake.Root} has no quality record for ingest {id}; `clickpredict quality` lists the recorded ones.");
                QualityReport.PrintDetail(AnsiConsole.Console, one);
                return ExitCodes.Ok;
            }

            var recent = QualityLog.Recent(theLake, Math.Max(1, parsed.GetValue(last)));
            if (recent.Count == 0)
            {
                AnsiConsole.MarkupLineInterpolated($"The lake at {theLake.Root} has no ingest quality records yet; they are written by `clickpredict ingest`.");
                return ExitCodes.Ok;
            }

            QualityReport.PrintRecent(AnsiConsole.Console, recent);
            return ExitCodes.Ok;
        });
        return command;
    }
}
