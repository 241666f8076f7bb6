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

/// <summary>The whole pipeline, on generated data or the user's own export, with no server: what a newcomer runs first.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var models = CliOptions.Models();
        // Smaller than `generate`'s default: the whole demo, training included, should take about a minute here.
        var events = new Option<long>("--events", "-n")
        {
            Description = "How many events to generate.",
            DefaultValueFactory = _ => 300_000,
            Validators = { r => { if (r.GetValueOrDefault<long>() < 1) { r.AddError("--events must be at least 1."); } } },
        };
        var output = new Option<string>("--out") { Description = "Where the generated events go.", DefaultValueFactory = _ => "data/generated", HelpName = "dir" };
        var data = new Option<string?>("--data") { Description = "Run on your own export (a file or folder) instead of generated data; needs --source.", HelpName = "path" };
        var source = new Option<string?>("--source") { Description = "With --data: a preset (canonical, rees46, taobao, retailrocket, yoochoose) or a mapping file.", HelpName = "preset|mapping" };
        var command = new Command("demo",
            "Run the whole pipeline on generated data (or --data with --source): generate, ingest, sessionize, build features, train the leaderboard, register a champion, and serve it.")
        {
            events, GenerateCommand.Seed, lake, models, output, data, source, ServeCommand.Port, ServeCommand.NoServe,
        };
        command.SetAction(parsed =>
        {
            var console = AnsiConsole.Console;
            var theLake = new Lake(parsed.GetRequiredValue(lake));
            if (parsed.GetValue(data) is { } export)
            {
                var mapping = parsed.GetValue(source) ?? throw new UsageException("--data needs --source: a preset (canonical, rees46, taobao, retailrocket, yoochoose) or a mapping file.");
                console.Write(new Rule("[bold]1. Ingest your export[/]").LeftJustified());
                IngestCommand.Run(theLake, new IngestOptions(), SourceMappings.Load(mapping), export, verbose: false);
            }
            else
            {
                var generated = parsed.GetRequiredValue(output);
                console.Write(new Rule("[bold]1. Generate and ingest[/]").LeftJustified());
                var summary = GenerateCommand.Write(
                    new GeneratorOptions { Events = parsed.GetValue(events), Seed = parsed.GetValue(GenerateCommand.Seed) },
                    generated);
                GenerateCommand.Print(console, summary);
                IngestCommand.Run(theLake, new IngestOptions(), SourceMappings.Load("canonical"), Path.Combine(generated, ClickstreamGenerator.CsvFileName), verbose: false);
            }

            console.Write(new Rule("[bold]2. Sessionize[/]").LeftJustified());
            var sessionized = SessionizeCommand.Run(theLake, new SessionizeOptions { HandOverEvents = true }, verbose: false);

            console.Write(new Rule("[bold]3. Features[/]").LeftJustified());
            FeaturesCommand.Run(theLake, new FeatureOptions(), verbose: false, handedOver: sessionized.Events);

            console.Write(new Rule("[bold]4. Train[/]").LeftJustified());
            var registry = new ModelRegistry(parsed.GetRequiredValue(models));
            var registered = TrainCommand.Run(theLake, registry, new TrainOptions(), verbose: false);
            if (registered.Alias == ModelAliases.Rejected)
            {
                // A model that does not beat chance is never served; the line above says why.
                return ExitCodes.ModelRejected;
            }

            if (parsed.GetValue(ServeCommand.NoServe))
            {
                return ExitCodes.Ok;
            }

            console.Write(new Rule("[bold]5. Serve[/]").LeftJustified());
            return ServeCommand.Run(console, theLake.Root, registry.Root, registered.Card.Name, parsed.GetValue(ServeCommand.Port), apiKey: null);
        });
        return command;
    }
}
