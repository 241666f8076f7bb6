using System.CommandLine;
using ClickPredict.Events;
using ClickPredict.Storage;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

internal static class IngestCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source", "-s")
        {
            Description = $"A preset ({string.Join(", ", SourceMappings.Presets)}) or the path of a mapping file (JSON).",
            Required = true,
            HelpName = "preset|mapping",
        };
        var input = new Option<string>("--input", "-i")
        {
            Description = "A source file, or a folder whose files match the mapping's pattern.",
            Required = true,
            HelpName = "path",
        };
        var strict = new Option<bool>("--strict") { Description = "Reject the whole batch if any row breaks a rule, and write an error report CSV." };
        var lake = CliOptions.Lake();
        var minTime = new Option<DateTime?>("--min-time") { Description = "Earliest plausible event time (UTC); older rows are quarantined. Default 2000-01-01." };
        var maxTime = new Option<DateTime?>("--max-time") { Description = "Latest plausible event time (UTC). Default: now + 1 day." };
        var report = new Option<string?>("--error-report") { Description = "Where --strict writes its error report (default: <lake>/reports/).", HelpName = "file" };
        var quality = new QualityOptions();

        var command = new Command("ingest", "Validate source files and add their events to the bronze lake; bad rows go to quarantine with the rule they broke.")
        {
            source, input, strict, lake, minTime, maxTime, report,
        };
        quality.AddTo(command);
        command.SetAction(parsed =>
        {
            var defaults = new IngestOptions();
            var options = new IngestOptions
            {
                Strict = parsed.GetValue(strict),
                MinEventTime = AsUtc(parsed.GetValue(minTime)) ?? defaults.MinEventTime,
                MaxEventTime = AsUtc(parsed.GetValue(maxTime)) ?? defaults.MaxEventTime,
                ErrorReportPath = parsed.GetValue(report),
                Quality = quality.Thresholds(parsed),
            };
            var mapping = SourceMappings.Load(parsed.GetRequiredValue(source));
            var result = Run(new Lake(parsed.GetRequiredValue(lake)), options, mapping, parsed.GetRequiredValue(input), parsed.GetValue(CliOptions.Verbose));
            return result.Status == IngestStatus.Rejected ? ExitCodes.ValidationRejected
                : result.Quality is { Alerts.Count: > 0 } && parsed.GetValue(quality.FailOnAlert) ? ExitCodes.MonitoringAlert
                : ExitCodes.Ok;
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
