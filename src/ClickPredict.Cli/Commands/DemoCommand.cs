using System.CommandLine;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Generation;
using ClickPredict.Registry;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using ClickPredict.Training;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

/// <summary>The whole pipeline on generated data, with no server: what a newcomer runs first.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var models = CliOptions.Models();
        var output = new Option<string>("--out") { Description = "Where the generated events go.", DefaultValueFactory = _ => "data/generated", HelpName = "dir" };
        var command = new Command("demo", "Generate a realistic dataset and run the whole pipeline on it: generate, ingest, sessionize, build features, train the leaderboard and register a champion.")
        {
            GenerateCommand.Events, GenerateCommand.Seed, lake, models, output,
        };
        command.SetAction(parsed =>
        {
            var console = AnsiConsole.Console;
            var generated = parsed.GetRequiredValue(output);
            console.Write(new Rule("[bold]1. Generate[/]").LeftJustified());
            var summary = GenerateCommand.Write(
                new GeneratorOptions { Events = parsed.GetValue(GenerateCommand.Events), Seed = parsed.GetValue(GenerateCommand.Seed) },
                generated);
            GenerateCommand.Print(console, summary);

            console.Write(new Rule("[bold]2. Ingest[/]").LeftJustified());
            var theLake = new Lake(parsed.GetRequiredValue(lake));
            IngestCommand.Run(theLake, new IngestOptions(), SourceMappings.Load("canonical"), Path.Combine(generated, ClickstreamGenerator.CsvFileName), verbose: false);

            console.Write(new Rule("[bold]3. Sessionize[/]").LeftJustified());
            SessionizeCommand.Run(theLake, new SessionizeOptions(), verbose: false);

            console.Write(new Rule("[bold]4. Features[/]").LeftJustified());
            FeaturesCommand.Run(theLake, new FeatureOptions(), verbose: false);

            console.Write(new Rule("[bold]5. Train[/]").LeftJustified());
            TrainCommand.Run(theLake, new ModelRegistry(parsed.GetRequiredValue(models)), new TrainOptions(), verbose: false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
