using System.CommandLine;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Generation;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

/// <summary>The whole pipeline on generated data, with no server: what a newcomer runs first.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var output = new Option<string>("--out") { Description = "Where the generated events go.", DefaultValueFactory = _ => "data/generated", HelpName = "dir" };
        var command = new Command("demo", "Generate a realistic dataset and run the pipeline on it: generate, ingest, sessionize, build features (training and serving join as they are built).")
        {
            GenerateCommand.Events, GenerateCommand.Seed, lake, output, ServeCommand.NoServe,
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

            // Serving comes last, after training.
            if (parsed.GetValue(ServeCommand.NoServe))
            {
                return ExitCodes.Ok;
            }

            console.Write(new Rule("[bold]Serve[/]").LeftJustified());
            return ServeCommand.Run(console, theLake.Root, Registry.ModelRegistry.DefaultRoot, Training.TrainOptions.DefaultModelName, ServeCommand.DefaultPort, apiKey: null);
        });
        return command;
    }
}
