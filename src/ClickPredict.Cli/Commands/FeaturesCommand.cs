using System.CommandLine;
using System.Globalization;
using ClickPredict.Features;
using ClickPredict.Storage;
using Spectre.Console;
using static ClickPredict.Cli.Formats;

namespace ClickPredict.Cli.Commands;

internal static class FeaturesCommand
{
    private static Option<int> DenseCuts()
    {
        var denseCuts = new Option<int>("--dense-cuts")
        {
            Description = "Every cut point up to this k becomes an example; past it, only every --cut-stride-th.",
            DefaultValueFactory = _ => FeatureOptions.DefaultDenseCuts,
            HelpName = "k",
        };
        denseCuts.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--dense-cuts must be 0 or more.");
            }
        });
        return denseCuts;
    }

    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var maxCut = PositiveInt("--max-cut", "Longest prefix that becomes an example (cut points are always before the session's first purchase).",
            FeatureOptions.DefaultMaxCut, "k");
        var denseCuts = DenseCuts();
        var stride = PositiveInt("--cut-stride", "Past --dense-cuts, keep cut points that are multiples of this (1 keeps every cut point).",
            FeatureOptions.DefaultCutStride, "n");
        var asOf = new Option<DateTime?>("--as-of")
        {
            Description = "Cutoff (UTC) of the online snapshot: it holds history strictly before this. Default: just after the last event.",
            HelpName = "time",
        };

        var full = new Option<bool>("--full") { Description = "Rebuild every date's examples; by default only the dates from the first one bronze changed on since the last build are rebuilt (the result is the same)." };

        var command = new Command("features",
            "Build gold from silver: one example per session and cut point (prefix, user-history and item features as of the session start, label \"buys after the cut\"), and the online snapshot serving reads.")
        {
            lake, maxCut, denseCuts, stride, asOf, full,
        };
        var (partitions, partition, merge) = CliOptions.Partitioning(command, "silver");
        command.SetAction(parsed =>
        {
            var options = new FeatureOptions
            {
                MaxCut = parsed.GetValue(maxCut),
                DenseCuts = parsed.GetValue(denseCuts),
                CutStride = parsed.GetValue(stride),
                SnapshotAsOf = parsed.GetValue(asOf) is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null,
                Partitions = parsed.GetValue(partitions),
                Full = parsed.GetValue(full),
            };
            var target = new Lake(parsed.GetRequiredValue(lake));
            if (parsed.GetValue(partition) is { } i)
            {
                var staged = new FeatureBuilder(target, options).StagePartition(i);
                AnsiConsole.MarkupLineInterpolated(
                    $"[green]Staged partition {i} of {staged.Partitions}: {N(staged.Examples.Rows)} examples from {N(staged.Examples.Sessions)} sessions, {N(staged.Online.Users)} users. Commit with `clickpredict features --partitions {staged.Partitions} --merge` once every partition is staged.[/]");
                return ExitCodes.Ok;
            }

            Run(target, options, parsed.GetValue(CliOptions.Verbose), parsed.GetValue(merge));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Builds gold and prints the summary; <paramref name="handedOver"/>: silver's events from a sessionize run in this process, if it kept them.</summary>
    public static FeaturesResult Run(Lake lake, FeatureOptions options, bool verbose, bool merge = false, SilverEvents? handedOver = null)
    {
        var builder = new FeatureBuilder(lake, options) { HandedOver = handedOver };
        var result = Progress.Steps<FeaturesResult>(merge ? "Merging feature partitions" : "Building features", merge ? builder.Merge : builder.Run);
        Print(AnsiConsole.Console, result, verbose);
        return result;
    }

    private static void Print(IAnsiConsole console, FeaturesResult result, bool verbose)
    {
        var gold = result.Gold;
        var groups = gold.Features.GroupBy(f => f.Group).Select(g => $"{g.Count()} {g.Key}");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("", "value")
            .AddRow("examples", N(gold.Examples.Rows))
            .AddRow("  positive (buys after the cut)", $"{N(gold.Examples.Positives)} ({gold.Examples.PositiveShare.ToString("P2", CultureInfo.InvariantCulture)})")
            .AddRow("  sessions with an example", N(gold.Examples.Sessions))
            .AddRow("  cut points", Markup.Escape(CutPoints(gold)))
            .AddRow("features", Markup.Escape($"{gold.Features.Count} ({string.Join(", ", groups)})"))
            .AddRow("feature-set version", gold.FeatureSetVersion)
            .AddRow("online snapshot", Markup.Escape($"{N(gold.Online.Users)} users, {N(gold.Online.Items)} items, {N(gold.Online.Categories)} categories"))
            .AddRow("  history before", gold.Online.AsOf.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
        table.Columns[1].RightAligned();
        console.Write(table);
        if (verbose)
        {
            var steps = result.Timings.Select(t => $"{t.Step} {t.Elapsed.TotalSeconds:F2}s");
            console.MarkupLineInterpolated($"[grey]{string.Join(", ", steps)}[/]");
        }

        if (result.UpToDate)
        {
            console.MarkupLineInterpolated(
                $"[green]Features build {gold.BuildId} is up to date with silver build {gold.SilverBuildId}; nothing rebuilt. --full rebuilds anyway.[/]");
            return;
        }

        var partitions = gold.Partitions > 1 ? $" ({gold.Partitions} partitions merged)" : result.Scope.Length > 0 ? $": {result.Scope}" : "";
        console.MarkupLineInterpolated($"[green]Committed features build {gold.BuildId}{partitions} from silver build {gold.SilverBuildId}.[/]");
    }

    private static string CutPoints(FeaturesManifest gold) =>
        gold.CutStride == 1 || gold.DenseCuts >= gold.MaxCut
            ? $"every k from 1 to {gold.MaxCut}"
            : $"1..{gold.DenseCuts}, then multiples of {gold.CutStride} up to {gold.MaxCut}";

    private static Option<int> PositiveInt(string name, string description, int defaultValue, string helpName)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = helpName };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError($"{name} must be at least 1.");
            }
        });
        return option;
    }
}
