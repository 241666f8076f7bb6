using System.CommandLine;
using System.Globalization;
using ClickPredict.Mlflow;
using ClickPredict.Mlflow.Publishing;
using ClickPredict.Registry;
using ClickPredict.Tracking;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

/// <summary><c>clickpredict runs list|sync</c>: training runs waiting to be logged to MLflow, and replaying them.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var models = CliOptions.Models();
        var list = new Command("list", "Training runs not yet logged to MLflow, with what failed.") { models };
        list.SetAction(parsed =>
        {
            var pending = new PendingRuns(PendingFolder(parsed.GetRequiredValue(models)));
            Print(AnsiConsole.Console, pending.List(), pending.UnreadableFiles());
            return ExitCodes.Ok;
        });

        var sync = new Command("sync", "Log every pending training run to the MLflow server in MLFLOW_TRACKING_URI; runs already there are not created twice.") { models };
        sync.SetAction(parsed =>
        {
            var tracking = TrackingFromEnvironment()
                ?? throw new UsageException("Set MLFLOW_TRACKING_URI to the MLflow server to sync with (and MLFLOW_TRACKING_TOKEN or _USERNAME/_PASSWORD if it needs them).");
            var report = new RunTracker(new ModelRegistry(parsed.GetRequiredValue(models)), tracking).SyncAsync().GetAwaiter().GetResult();
            var done = report.StillPending.Count == 0 && report.Unreadable.Count == 0;
            AnsiConsole.MarkupLine($"[{(done ? "green" : "yellow")}]{Markup.Escape(report.Summary)}[/]");
            return done ? ExitCodes.Ok : ExitCodes.Error;
        });
        return new Command("runs", "Training runs and their MLflow logging.") { list, sync };
    }

    /// <summary>MLflow settings from the variables MLflow users already set; null when tracking is off.</summary>
    public static MlflowClientOptions? TrackingFromEnvironment()
    {
        try
        {
            return MlflowClientOptions.FromEnvironment();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static string PendingFolder(string models) => Path.Combine(new ModelRegistry(models).Root, ".pending-runs");

    private static void Print(IAnsiConsole console, IReadOnlyList<PendingRun> pending, IReadOnlyList<string> unreadable)
    {
        if (pending.Count == 0 && unreadable.Count == 0)
        {
            console.MarkupLine("No training runs are waiting to be logged to MLflow.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("run", "children", "first failed (UTC)", "attempts", "last failure");
        foreach (var run in pending)
        {
            table.AddRow(Markup.Escape(run.Record.RunKey), run.Record.Children.Count.ToString(CultureInfo.InvariantCulture),
                run.FirstFailedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), run.Attempts.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(run.Failure));
        }

        console.Write(table);
        foreach (var file in unreadable)
        {
            console.MarkupLineInterpolated($"[red]{file} cannot be read as a pending run; fix or remove it.[/]");
        }
    }
}
