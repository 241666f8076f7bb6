using System.CommandLine;

namespace ClickPredict.Cli;

/// <summary>Options shared by several commands, declared once so every command spells them the same.</summary>
internal static class CliOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show stack traces and extra detail on errors.",
        Recursive = true,
    };

    public static Option<string> Lake() => new("--lake")
    {
        Description = "The lake folder every stage reads and writes.",
        DefaultValueFactory = _ => Storage.Lake.DefaultRoot,
        HelpName = "dir",
    };

    public static Option<string> Models() => new("--models")
    {
        Description = "The local model registry folder.",
        DefaultValueFactory = _ => Registry.ModelRegistry.DefaultRoot,
        HelpName = "dir",
    };
}
