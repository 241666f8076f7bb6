using System.CommandLine;
using ClickPredict.Events;

namespace ClickPredict.Cli.Commands;

/// <summary>What an ingest is told on the command line (source, input, rules, quality thresholds), for <c>ingest</c> and <c>update</c>.</summary>
internal sealed class IngestArguments
{
    private readonly Option<string> source = new("--source", "-s")
    {
        Description = $"A preset ({string.Join(", ", SourceMappings.Presets)}) or the path of a mapping file (JSON).",
        Required = true,
        HelpName = "preset|mapping",
    };

    private readonly Option<string> input = new("--input", "-i")
    {
        Description = "A source file, or a folder whose files match the mapping's pattern.",
        Required = true,
        HelpName = "path",
    };

    private readonly Option<bool> strict = new("--strict") { Description = "Reject the whole batch if any row breaks a rule, and write an error report CSV." };

    private readonly Option<DateTime?> minTime = new("--min-time") { Description = "Earliest plausible event time (UTC); older rows are quarantined. Default 2000-01-01." };

    private readonly Option<DateTime?> maxTime = new("--max-time") { Description = "Latest plausible event time (UTC). Default: now + 1 day." };

    private readonly Option<string?> report = new("--error-report") { Description = "Where --strict writes its error report (default: <lake>/reports/).", HelpName = "file" };

    private readonly QualityOptions quality = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { source, input, strict, minTime, maxTime, report })
        {
            command.Options.Add(option);
        }

        quality.AddTo(command);
    }

    public IngestOptions Options(ParseResult parsed)
    {
        var defaults = new IngestOptions();
        return new IngestOptions
        {
            Strict = parsed.GetValue(strict),
            MinEventTime = IngestCommand.AsUtc(parsed.GetValue(minTime)) ?? defaults.MinEventTime,
            MaxEventTime = IngestCommand.AsUtc(parsed.GetValue(maxTime)) ?? defaults.MaxEventTime,
            ErrorReportPath = parsed.GetValue(report),
            Quality = quality.Thresholds(parsed),
        };
    }

    public SourceMapping Mapping(ParseResult parsed) => SourceMappings.Load(parsed.GetRequiredValue(source));

    public string Input(ParseResult parsed) => parsed.GetRequiredValue(input);

    /// <summary>A rejected batch, or an alert with --fail-on-alert, as the documented exit code; else 0.</summary>
    public int ExitCode(ParseResult parsed, IngestResult result) =>
        result.Status == IngestStatus.Rejected ? ExitCodes.ValidationRejected
        : result.Quality is { Alerts.Count: > 0 } && parsed.GetValue(quality.FailOnAlert) ? ExitCodes.MonitoringAlert
        : ExitCodes.Ok;
}
