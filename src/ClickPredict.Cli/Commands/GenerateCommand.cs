using System.CommandLine;

namespace ClickPredict.Cli.Commands;

internal static class GenerateCommand
{
    public static Command Create() => new("generate", "Write realistic, deterministic clickstream events (canonical layout).");
}
