using System.CommandLine;
using System.Globalization;
using ClickPredict.Generation;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

internal static class GenerateCommand
{
    public static readonly Option<long> Events = new("--events", "-n")
    {
        Description = "How many events to write.",
        DefaultValueFactory = _ => 1_000_000,
        Validators = { r => { if (r.GetValueOrDefault<long>() < 1) { r.AddError("--events must be at least 1."); } } },
    };

    public static readonly Option<long> Seed = new("--seed")
    {
        Description = "Random seed; the same seed and options give byte-identical files.",
        DefaultValueFactory = _ => 42,
    };

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder to write events.csv or events.parquet into.", DefaultValueFactory = _ => "data/generated", HelpName = "dir" };
        var format = new Option<GeneratedFormat>("--format") { Description = "csv or parquet.", DefaultValueFactory = _ => GeneratedFormat.Csv };
        var start = new Option<DateTime?>("--start") { Description = "Earliest event time (UTC). Default 2024-01-01." };
        var priceFactor = new Option<double>("--price-factor")
        {
            Description = "Multiply every written price (behaviour unchanged): a planted drift for testing monitoring.",
            DefaultValueFactory = _ => 1.0,
        };
        var command = new Command("generate", "Write realistic, deterministic clickstream in ClickPredict's canonical layout (ingest it with --source canonical).")
        {
            Events, Seed, output, format, start, priceFactor,
        };
        command.SetAction(parsed =>
        {
            var options = new GeneratorOptions
            {
                Events = parsed.GetValue(Events),
                Seed = parsed.GetValue(Seed),
                Format = parsed.GetValue(format),
                Start = parsed.GetValue(start) is { } s ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : new GeneratorOptions().Start,
                PriceFactor = parsed.GetValue(priceFactor),
            };
            var summary = Write(options, parsed.GetRequiredValue(output));
            Print(AnsiConsole.Console, summary);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static GeneratorSummary Write(GeneratorOptions options, string output) =>
        Progress.Count("Generating events", options.Events, p => ClickstreamGenerator.Write(options, output, p));

    public static void Print(IAnsiConsole console, GeneratorSummary summary)
    {
        var span = summary.LastEventTime - summary.FirstEventTime;
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Wrote {summary.Events:N0} events: {summary.Users:N0} users, {summary.Sessions:N0} sessions, {summary.ConvertingSessionShare:P2} converting, {summary.FirstEventTime:yyyy-MM-dd} to {summary.LastEventTime:yyyy-MM-dd} ({span.TotalDays:F0} days).");
        foreach (var file in summary.Files)
        {
            console.MarkupLineInterpolated($"  {file}");
        }
    }
}
