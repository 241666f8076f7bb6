using System.CommandLine;
using System.Globalization;
using ClickPredict.Registry;
using ClickPredict.Training;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

/// <summary><c>clickpredict models list|show|promote</c>: what the local registry holds, and moving its aliases by hand.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var models = CliOptions.Models();
        var list = new Command("list", "Every registered version with its alias, trainer and test metrics.") { models };
        list.SetAction(parsed =>
        {
            List(AnsiConsole.Console, new ModelRegistry(parsed.GetRequiredValue(models)));
            return ExitCodes.Ok;
        });

        var reference = Reference();
        var show = new Command("show", "One version's card: how it was trained, on what, its threshold and test metrics against the baseline.") { reference, models };
        show.SetAction(parsed =>
        {
            var registry = new ModelRegistry(parsed.GetRequiredValue(models));
            var (name, version) = Resolve(registry, parsed.GetRequiredValue(reference));
            Show(AnsiConsole.Console, registry, registry.Card(name, version));
            return ExitCodes.Ok;
        });

        var target = new Argument<string>("model") { Description = "The version to promote: <name>@<version>." };
        var alias = new Option<string>("--alias") { Description = "The alias it gets.", DefaultValueFactory = _ => ModelAliases.Champion };
        alias.AcceptOnlyFromAmong([.. ModelAliases.Names]);
        var reason = new Option<string>("--reason") { Description = "Why; recorded in aliases.json.", Required = true };
        var force = new Option<bool>("--force") { Description = "Promote a version that was rejected at training (it did not beat chance or the base rate); the reason is recorded." };
        var promote = new Command("promote", "Point an alias at a version by hand, overriding the promotion rule; the reason is recorded.") { target, alias, reason, force, models };
        promote.SetAction(parsed =>
        {
            var registry = new ModelRegistry(parsed.GetRequiredValue(models));
            var (name, version) = Resolve(registry, parsed.GetRequiredValue(target));
            var aliasName = parsed.GetRequiredValue(alias);
            var forced = parsed.GetValue(force);
            var why = parsed.GetRequiredValue(reason);
            var updated = registry.SetAlias(name, aliasName, version, forced ? $"forced past rejection: {why}" : why, "promote", forced);
            AnsiConsole.MarkupLineInterpolated($"[green]{name} v{version} is now {aliasName}[/] (champion: {V(updated.ChampionVersion)}, challenger: {V(updated.ChallengerVersion)}).");
            return ExitCodes.Ok;
        });

        return new Command("models", "The local model registry.") { list, show, promote };
    }

    /// <summary>The <c>&lt;name&gt;@&lt;alias|version&gt;</c> argument several commands take.</summary>
    public static Argument<string> Reference() => new("model")
    {
        Description = "<name>, <name>@champion, <name>@challenger or <name>@<version>.",
        DefaultValueFactory = _ => TrainOptions.DefaultModelName,
    };

    public static (string Name, int Version) Resolve(ModelRegistry registry, string reference)
    {
        try
        {
            return registry.Resolve(reference);
        }
        catch (RegistryException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public static void PrintTestMetrics(IAnsiConsole console, ModelCard card)
    {
        var m = card.Test;
        var b = card.Baseline.Test;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Test window {card.Data.Test.From:yyyy-MM-dd HH:mm} to {card.Data.Test.To:yyyy-MM-dd HH:mm}, threshold tuned on validation for {card.Threshold.Description}")
            .AddColumns("metric", card.Candidate, $"baseline {card.Baseline.Candidate}")
            .AddRow("PR-AUC (95 % interval)", WithInterval(m.PrAuc, m.PrAucInterval), WithInterval(b.PrAuc, b.PrAucInterval))
            .AddRow("ROC-AUC (95 % interval)", WithInterval(m.RocAuc, m.RocAucInterval), WithInterval(b.RocAuc, b.RocAucInterval))
            .AddRow("Brier", F(m.Brier, 5), F(b.Brier, 5))
            .AddRow("threshold", F(card.Threshold.Value, 4), F(card.Baseline.Threshold, 4))
            .AddRow("precision / recall / F1 at threshold", Prf(m), Prf(b))
            .AddRow(card.Threshold.Objective, F(card.Threshold.TestObjectiveValue), F(card.Baseline.TestObjectiveValue));
        foreach (var (t, bt) in m.Top.Zip(b.Top))
        {
            table.AddRow($"precision (lift) in top {t.Share.ToString("P0", CultureInfo.InvariantCulture)}", $"{F(t.Precision)} ({F(t.Lift, 1)}×)", $"{F(bt.Precision)} ({F(bt.Lift, 1)}×)");
        }

        table.AddRow("examples / positives / base rate", Counts(m), Counts(b));
        console.Write(table);
    }

    private static void List(IAnsiConsole console, ModelRegistry registry)
    {
        var names = registry.Names();
        if (names.Count == 0)
        {
            console.MarkupLineInterpolated($"No models in {registry.Root} yet; train one with [bold]clickpredict train[/].");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("model", "version", "alias", "candidate", "test PR-AUC", "baseline PR-AUC", "threshold", "feature set", "created (UTC)");
        foreach (var name in names)
        {
            var aliases = registry.Aliases(name);
            foreach (var version in registry.Versions(name).Reverse())
            {
                var card = registry.Card(name, version);
                var alias = card.Rejected is null || aliases.AliasesOf(version).Any() ? string.Join(", ", aliases.AliasesOf(version)) : ModelAliases.Rejected;
                table.AddRow(name, version.ToString(CultureInfo.InvariantCulture), alias, card.Candidate,
                    F(card.Test.PrAuc), F(card.Baseline.Test.PrAuc), F(card.Threshold.Value, 4), card.FeatureSetVersion,
                    card.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }
        }

        console.Write(table);
    }

    private static void Show(IAnsiConsole console, ModelRegistry registry, ModelCard card)
    {
        var aliases = registry.Aliases(card.Name);
        var folder = registry.VersionFolder(card.Name, card.Version);
        var grid = new Table().Border(TableBorder.Rounded).AddColumns("", "value")
            .AddRow("model", Markup.Escape($"{card.Name} v{card.Version} {string.Join(", ", aliases.AliasesOf(card.Version))}"))
            .AddRow("candidate", Markup.Escape(card.Candidate))
            .AddRow("hyper-parameters", Markup.Escape(string.Join(", ", card.HyperParameters.Select(h => $"{h.Key}={h.Value}"))))
            .AddRow("created (UTC)", card.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
            .AddRow("feature set", Markup.Escape($"{card.FeatureSetVersion} ({card.Features.Count} features)"))
            .AddRow("data", Markup.Escape($"gold {card.Data.GoldBuildId}, {card.Data.Fingerprint}"))
            .AddRow("windows", Markup.Escape($"train {Window(card.Data.Train)}; validation {Window(card.Data.Validation)}; test {Window(card.Data.Test)}"))
            .AddRow("top features", Markup.Escape(string.Join(", ", card.FeatureImportance.Take(5).Select(f => $"{f.Feature} {f.Share.ToString("P1", CultureInfo.InvariantCulture)}"))))
            .AddRow("MLflow run", Markup.Escape(card.MlflowRunId ?? "not logged"))
            .AddRow("status", Markup.Escape(card.Rejected is { } rejected ? $"rejected at training: {rejected}" : "eligible to serve"))
            .AddRow("folder", Markup.Escape(folder));
        console.Write(grid);
        PrintTestMetrics(console, card);
        foreach (var change in aliases.History.Where(h => h.Version == card.Version))
        {
            console.MarkupLineInterpolated($"[grey]{change.At.UtcDateTime:yyyy-MM-dd HH:mm} {change.Alias} by {change.By}: {change.Reason}[/]");
        }
    }

    private static string WithInterval(double value, MetricInterval? interval) =>
        interval is { } i ? $"{F(value)} ({F(i.Low)}–{F(i.High)})" : F(value);

    private static string Window(WindowSummary w) =>
        $"{w.From:yyyy-MM-dd HH:mm}..{w.To:yyyy-MM-dd HH:mm} {w.Examples:N0} examples / {w.Positives:N0} positive";

    private static string Prf(BinaryMetrics m) => $"{F(m.AtThreshold.Precision)} / {F(m.AtThreshold.Recall)} / {F(m.AtThreshold.F1)}";

    private static string Counts(BinaryMetrics m) =>
        $"{m.Examples.ToString("N0", CultureInfo.InvariantCulture)} / {m.Positives.ToString("N0", CultureInfo.InvariantCulture)} / {m.BaseRate.ToString("P2", CultureInfo.InvariantCulture)}";

    private static string V(int? version) => version?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static string F(double value, int digits = 3) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
