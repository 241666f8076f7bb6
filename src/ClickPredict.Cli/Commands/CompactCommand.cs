using System.CommandLine;
using System.Globalization;
using ClickPredict.Events;
using ClickPredict.Storage;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

internal static class CompactCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var minFiles = new Option<int>("--min-files")
        {
            Description = "Compact an event date once bronze holds at least this many files for it.",
            DefaultValueFactory = _ => 2,
            HelpName = "n",
        };
        minFiles.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 2)
            {
                r.AddError("--min-files must be at least 2.");
            }
        });
        var command = new Command("compact",
            "Rewrite bronze so that each event date is one file instead of one per ingested source file. Rows, sources and everything built from them stay as they are.")
        {
            lake, minFiles,
        };
        command.SetAction(parsed =>
        {
            var result = new BronzeCompactor(new Lake(parsed.GetRequiredValue(lake))).Run(parsed.GetValue(minFiles));
            AnsiConsole.MarkupLine(result.Dates == 0
                ? "Nothing to compact: no event date has that many bronze files."
                : string.Create(CultureInfo.InvariantCulture,
                    $"[green]Compacted {result.Dates:N0} event date(s): {result.FilesReplaced:N0} bronze files are now {result.Dates:N0}, {result.Rows:N0} rows.[/]"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
