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

    /// <summary>
    /// <c>--partitions n</c>, <c>--partition i</c> and <c>--merge</c> for a stage that splits its build by
    /// user hash (sessionize, features), with the rules between them checked on <paramref name="command"/>.
    /// </summary>
    public static (Option<int> Partitions, Option<int?> Partition, Option<bool> Merge) Partitioning(Command command, string built)
    {
        var partitions = new Option<int>("--partitions")
        {
            Description = $"Split the build by user hash into this many partitions, built by separate runs (--partition) and committed by --merge.",
            DefaultValueFactory = _ => 1,
            HelpName = "n",
        };
        partitions.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--partitions must be at least 1.");
            }
        });
        var partition = new Option<int?>("--partition")
        {
            Description = "Build only this partition (0 to --partitions minus 1) and stage it; any number of partitions may run at once.",
            HelpName = "i",
        };
        var merge = new Option<bool>("--merge") { Description = $"Commit the --partitions partitions staged for the current {built} as one build." };
        command.Options.Add(partitions);
        command.Options.Add(partition);
        command.Options.Add(merge);
        command.Validators.Add(r =>
        {
            var n = r.GetValue(partitions);
            if (r.GetValue(partition) is { } i && (i < 0 || i >= n))
            {
                r.AddError($"--partition must be from 0 to {n - 1} (--partitions {n}).");
            }

            if (r.GetValue(partition) is not null && r.GetValue(merge))
            {
                r.AddError("--partition builds one partition and --merge commits them all; give one of them.");
            }

            if (n > 1 && r.GetValue(partition) is null && !r.GetValue(merge))
            {
                r.AddError("With --partitions above 1, give --partition <i> to build one partition, or --merge to commit them.");
            }
        });
        return (partitions, partition, merge);
    }

    public static Option<string> Models() => new("--models")
    {
        Description = "The local model registry folder.",
        DefaultValueFactory = _ => Registry.ModelRegistry.DefaultRoot,
        HelpName = "dir",
    };
}
