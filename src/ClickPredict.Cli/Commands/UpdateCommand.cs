using System.CommandLine;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

/// <summary>
/// A daily job in one command: ingest new files, then bring silver and gold up to date, each step
/// incremental as on its own, with the gap and cut points the lake was last built with. One process
/// instead of three (no second and third start-up and warm-up of the runtime, DuckDB and the
/// Parquet writer).
/// </summary>
internal static class UpdateCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var arguments = new IngestArguments();
        var full = new Option<bool>("--full")
        {
            Description = "Rebuild silver and gold from all of bronze (as `sessionize --full` and `features --full` do), in one process: silver's events go to features in memory.",
        };
        var command = new Command("update",
            "Ingest new source files, then sessionize and build features for what changed: what `ingest`, `sessionize` and `features` do in turn, in one process, keeping the gap and cut points the lake was built with.")
        {
            lake, full,
        };
        arguments.AddTo(command);
        command.SetAction(parsed =>
        {
            var target = new Lake(parsed.GetRequiredValue(lake));
            var verbose = parsed.GetValue(CliOptions.Verbose);
            var console = AnsiConsole.Console;
            console.Write(new Rule("[bold]1. Ingest[/]").LeftJustified());
            var ingested = IngestCommand.Run(target, arguments.Options(parsed), arguments.Mapping(parsed), arguments.Input(parsed), verbose);
            if (ingested.Status == IngestStatus.Rejected)
            {
                console.MarkupLine("[yellow]Nothing was added, so silver and gold were left as they are.[/]");
                return arguments.ExitCode(parsed, ingested);
            }

            console.Write(new Rule("[bold]2. Sessionize[/]").LeftJustified());
            // A full sessionize hands its events to features, which then need not read silver back.
            var rebuild = parsed.GetValue(full);
            var sessionized = SessionizeCommand.Run(target, SessionizeSettings(target) with { Full = rebuild, HandOverEvents = true }, verbose);
            console.Write(new Rule("[bold]3. Features[/]").LeftJustified());
            FeaturesCommand.Run(target, FeatureSettings(target) with { Full = rebuild }, verbose, handedOver: sessionized.Events);
            return arguments.ExitCode(parsed, ingested);
        });
        return command;
    }

    /// <summary>The gap silver was built with (another gap would rebuild every session), or the default for a new lake.</summary>
    private static SessionizeOptions SessionizeSettings(Lake lake) =>
        SessionsManifest.Load(lake) is { } silver ? new SessionizeOptions { Gap = TimeSpan.FromSeconds(silver.GapSeconds) } : new SessionizeOptions();

    /// <summary>The cut points gold was built with (others would rebuild every date), or the defaults for a new lake.</summary>
    private static FeatureOptions FeatureSettings(Lake lake) =>
        FeaturesManifest.Load(lake) is { } gold
            ? new FeatureOptions { MaxCut = gold.MaxCut, DenseCuts = gold.DenseCuts, CutStride = gold.CutStride }
            : new FeatureOptions();
}
