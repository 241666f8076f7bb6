using System.CommandLine;
using System.Globalization;
using ClickPredict.Features;
using ClickPredict.Storage;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

internal static class FeaturesCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var maxCut = PositiveInt("--max-cut", "Longest prefix that becomes an example (cut points are always before the session's first purchase).",
            FeatureOptions.DefaultMaxCut, "k");
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
        var stride = PositiveInt("--cut-stride", "Past --dense-cuts, keep cut points that are multiples of this (1 keeps every cut point).",
            FeatureOptions.DefaultCutStride, "n");
        var asOf = new Option<DateTime?>("--as-of")
        {
            Description = "Cutoff (UTC) of the online snapshot: it holds history strictly before this. Default: just after the last event.",
            HelpName = "time",
        };

        var command = new Command("features",
            "Build gold from silver: one example per session and cut point (prefix, user-history and item features as of the session start, label \"buys after the cut\"), and the online snapshot serving reads.")
        {
            lake, maxCut, denseCuts, stride, asOf,
        };
        command.SetAction(parsed =>
        {
            var options = new FeatureOptions
            {
                MaxCut = parsed.GetValue(maxCut),
                DenseCuts = parsed.GetValue(denseCuts),
                CutStride = parsed.GetValue(stride),
                SnapshotAsOf = parsed.GetValue(asOf) is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null,
            };
            Run(new Lake(parsed.GetRequiredValue(lake)), options, parsed.GetValue(CliOptions.Verbose));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Builds gold and prints the summary.</summary>
    public static FeaturesResult Run(Lake lake, FeatureOptions options, bool verbose)
    {
        var builder = new FeatureBuilder(lake, options);
        var result = Progress.Steps<FeaturesProgress, FeaturesResult>("Building features", p => (p.Step, p.Index, p.Count), builder.Run);
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

        console.MarkupLineInterpolated($"[green]Committed features build {gold.BuildId} from silver build {gold.SilverBuildId}.[/]");
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

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
