using System.CommandLine;
using System.Globalization;
using ClickPredict.Registry;
using ClickPredict.Storage;
using ClickPredict.Training;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

internal static class EvaluateCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var models = CliOptions.Models();
        var model = new Option<string>("--model") { Description = "<name>@<alias|version> to evaluate.", DefaultValueFactory = _ => "clickpredict@champion" };
        var command = new Command("evaluate", "Score a registered model on the lake's examples from its test window on, at its own threshold.") { model, lake, models };
        command.SetAction(parsed =>
        {
            var registry = new ModelRegistry(parsed.GetRequiredValue(models));
            var (name, version) = ModelsCommand.Resolve(registry, parsed.GetRequiredValue(model));
            var result = ModelEvaluator.Evaluate(new Lake(parsed.GetRequiredValue(lake)), registry, name, version);
            Print(AnsiConsole.Console, result);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, ModelEvaluation e)
    {
        var card = e.Card;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{card.Name} v{card.Version} ({card.Candidate}) on sessions {e.From:yyyy-MM-dd HH:mm} to {e.To:yyyy-MM-dd HH:mm}")
            .AddColumns("metric", "now", "at registration");
        Row(table, "PR-AUC", e.Test.PrAuc, card.Test.PrAuc);
        Row(table, "ROC-AUC", e.Test.RocAuc, card.Test.RocAuc);
        Row(table, "Brier", e.Test.Brier, card.Test.Brier, 5);
        Row(table, "precision at threshold", e.Test.AtThreshold.Precision, card.Test.AtThreshold.Precision);
        Row(table, "recall at threshold", e.Test.AtThreshold.Recall, card.Test.AtThreshold.Recall);
        Row(table, "F1 at threshold", e.Test.AtThreshold.F1, card.Test.AtThreshold.F1);
        table.AddRow("examples / positives", $"{e.Test.Examples:N0} / {e.Test.Positives:N0}", $"{card.Test.Examples:N0} / {card.Test.Positives:N0}");
        console.Write(table);
        console.MarkupLine(e.SameData
            ? "Same gold build as at registration: the figures should repeat the registered ones."
            : "[yellow]The lake's gold is a newer build than the one the model was trained on: differences show how it holds up on new sessions.[/]");
    }

    private static void Row(Table table, string metric, double now, double then, int digits = 3)
    {
        var format = "F" + digits.ToString(CultureInfo.InvariantCulture);
        table.AddRow(metric, now.ToString(format, CultureInfo.InvariantCulture), then.ToString(format, CultureInfo.InvariantCulture));
    }
}
