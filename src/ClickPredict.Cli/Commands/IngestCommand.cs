using System.CommandLine;
using ClickPredict.Events;
using ClickPredict.Storage;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

internal static class IngestCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var arguments = new IngestArguments();
        var command = new Command("ingest", "Validate source files and add their events to the bronze lake; bad rows go to quarantine with the rule they broke.")
        {
            lake,
        };
        arguments.AddTo(command);
        command.SetAction(parsed =>
        {
            var result = Run(new Lake(parsed.GetRequiredValue(lake)), arguments.Options(parsed), arguments.Mapping(parsed), arguments.Input(parsed), parsed.GetValue(CliOptions.Verbose));
            return arguments.ExitCode(parsed, result);
        });
        return command;
    }

    /// <summary>Ingests with a progress bar and prints where every row went.</summary>
    public static IngestResult Run(Lake lake, IngestOptions options, SourceMapping mapping, string input, bool verbose)
    {
        var ingestor = new EventIngestor(lake, options);
        var result = Progress.Steps<IngestProgress, IngestResult>(
            "Ingesting", p => ($"{Path.GetFileName(p.File)} {p.Step}".Trim(), p.Index, p.Count), p => ingestor.Run(mapping, input, p));
        IngestReport.Print(AnsiConsole.Console, result, verbose);
        if (result.Quality is { } quality)
        {
            QualityReport.PrintSummary(AnsiConsole.Console, quality);
        }

        return result;
    }

    /// <summary>A time given on the command line, read as UTC unless it names its zone.</summary>
    internal static DateTime? AsUtc(DateTime? value) =>
        value is { } v ? DateTime.SpecifyKind(v, v.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : v.Kind).ToUniversalTime() : null;
}
