using System.CommandLine;
using ClickPredict.Cli;
using ClickPredict.Cli.Commands;
using Spectre.Console;

var root = new RootCommand("ClickPredict: predicts, while a visitor is still browsing, whether the session ends in a purchase.")
{
    CliOptions.Verbose,
    GenerateCommand.Create(),
    IngestCommand.Create(),
    QualityCommand.Create(),
    DriftCommand.Create(),
    CompactCommand.Create(),
    SessionizeCommand.Create(),
    FeaturesCommand.Create(),
    UpdateCommand.Create(),
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    ModelsCommand.Create(),
    RunsCommand.Create(),
    ServeCommand.Create(),
    DemoCommand.Create(),
};
root.HelpName = "clickpredict";

if (Console.IsOutputRedirected)
{
    // Logs and CI capture output; wrapping tables at 80 columns there helps nobody.
    AnsiConsole.Profile.Width = 160;
}

return CommandRunner.Invoke(root, args);
