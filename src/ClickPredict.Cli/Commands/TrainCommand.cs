using System.CommandLine;
using System.Globalization;
using System.Reflection;
using ClickPredict.Registry;
using ClickPredict.Storage;
using ClickPredict.Tracking;
using ClickPredict.Training;
using Spectre.Console;
using static ClickPredict.Cli.Formats;

namespace ClickPredict.Cli.Commands;

internal static class TrainCommand
{
    public static readonly Option<int> Seed = new("--seed") { Description = "Seed for sampling and trainers: same data + same seed gives the same model.", DefaultValueFactory = _ => 42 };

    // Boosting: how many rounds, what each round sees, and the search after the first pass.
    private static readonly TrainOptions Defaults = new();

    private static readonly Option<int> IterationsOption = new("--iterations") { Description = "At most this many LightGBM boosting rounds and FastTree trees (early stopping chooses the count).", DefaultValueFactory = _ => Defaults.Iterations };

    private static readonly Option<double> SubsampleOption = new("--subsample")
    {
        Description = "LightGBM: share of training rows each round is fitted on, redrawn every round (1 = every row).",
        DefaultValueFactory = _ => Defaults.Subsample,
    };

    private static readonly Option<double> FeatureFractionOption = new("--feature-fraction")
    {
        Description = "LightGBM: share of features offered to each tree (1 = all).",
        DefaultValueFactory = _ => Defaults.FeatureFraction,
    };

    private static readonly Option<int> TrialsOption = new("--trials")
    {
        Description = "Extra tree shapes (leaves, learning rate, examples per leaf, L2, feature fraction) tried for the best boosted candidate.",
        DefaultValueFactory = _ => Defaults.Trials,
    };

    private static readonly Option<double> BudgetOption = new("--budget")
    {
        Description = "Minutes after which no new trial starts (the first pass of candidates always runs).",
        DefaultValueFactory = _ => Defaults.Budget.TotalMinutes,
    };

    private static readonly Option<int> EarlyStoppingOption = new("--early-stopping")
    {
        Description = "Boosting stops when validation ROC-AUC has not improved for this many rounds (0: fit every round).",
        DefaultValueFactory = _ => Defaults.EarlyStoppingRounds,
    };

    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var models = CliOptions.Models();
        var name = new Option<string>("--name") { Description = "Registered model name.", DefaultValueFactory = _ => TrainOptions.DefaultModelName };
        var split = new Option<string>("--split")
        {
            Description = "Train and validation fractions of sessions in start order; test is the rest.",
            DefaultValueFactory = _ => "0.70,0.15",
            HelpName = "train,validation",
        };
        var validFrom = new Option<DateTime?>("--valid-from") { Description = "Sessions starting from here (UTC) are validation; use with --test-from instead of --split.", HelpName = "time" };
        var testFrom = new Option<DateTime?>("--test-from") { Description = "Sessions starting from here (UTC) are test.", HelpName = "time" };
        var minPositives = new Option<int>("--min-positives") { Description = "Refuse to train when a window has fewer positive examples.", DefaultValueFactory = _ => new SplitOptions().MinPositives };
        var objective = new Option<string>("--objective") { Description = "Threshold objective tuned on validation: f1 or profit.", DefaultValueFactory = _ => "f1" };
        objective.AcceptOnlyFromAmong("f1", "profit");
        var value = new Option<double>("--value-per-conversion") { Description = "For --objective profit: what a converting session acted on is worth.", DefaultValueFactory = _ => 20 };
        var cost = new Option<double>("--cost-per-action") { Description = "For --objective profit: what acting on one session costs.", DefaultValueFactory = _ => 1 };
        var trainers = new Option<string>("--trainers")
        {
            Description = "Comma-separated trainers: lightgbm, fasttree, logistic-regression.",
            DefaultValueFactory = _ => "lightgbm,fasttree,logistic-regression",
        };
        var strategies = new Option<string>("--strategies")
        {
            Description = "Comma-separated imbalance strategies: none, class-weights, unbalanced (LightGBM only), undersample.",
            DefaultValueFactory = _ => "none,class-weights,unbalanced,undersample",
        };

        var command = new Command("train",
            "Train every trainer × imbalance strategy on gold, rank them on validation PR-AUC, tune the threshold on validation, evaluate once on test, and register the winner (champion if it beats the current champion on the same test window, else challenger).")
        {
            lake, models, name, Seed, split, validFrom, testFrom, minPositives, objective, value, cost, trainers, strategies, IterationsOption, SubsampleOption, FeatureFractionOption,
            TrialsOption, BudgetOption, EarlyStoppingOption,
        };
        command.SetAction(parsed =>
        {
            var options = new TrainOptions
            {
                ModelName = parsed.GetRequiredValue(name),
                Seed = parsed.GetValue(Seed),
                Split = Split(parsed.GetRequiredValue(split), parsed.GetValue(validFrom), parsed.GetValue(testFrom), parsed.GetValue(minPositives)),
                Objective = parsed.GetRequiredValue(objective) == "profit"
                    ? Usage(() => ThresholdObjective.Profit(parsed.GetValue(value), parsed.GetValue(cost)))
                    : ThresholdObjective.F1,
                Candidates = Candidates(parsed.GetRequiredValue(trainers), parsed.GetRequiredValue(strategies)),
                Iterations = parsed.GetValue(IterationsOption),
                Subsample = parsed.GetValue(SubsampleOption),
                FeatureFraction = parsed.GetValue(FeatureFractionOption),
                Trials = parsed.GetValue(TrialsOption),
                Budget = parsed.GetValue(BudgetOption) is var minutes && double.IsFinite(minutes) && minutes >= 0
                    ? TimeSpan.FromMinutes(minutes)
                    : throw new UsageException($"--BudgetOption takes minutes ≥ 0 (got {minutes})."),
                EarlyStoppingRounds = parsed.GetValue(EarlyStoppingOption),
            };
            Usage(() => { options.Validate(); return 0; });
            var registered = Run(new Lake(parsed.GetRequiredValue(lake)), new ModelRegistry(parsed.GetRequiredValue(models)), options, parsed.GetValue(CliOptions.Verbose));
            return registered.Alias == ModelAliases.Rejected ? ExitCodes.ModelRejected : ExitCodes.Ok;
        });
        return command;
    }

    public static RegistrationResult Run(Lake lake, ModelRegistry registry, TrainOptions options, bool verbose)
    {
        var trainer = new ModelTrainer(lake, options);
        var result = Progress.Steps<TrainingResult>("Training", trainer.Run);
        var registered = ModelRegistration.Register(registry, result, options, GitCommit());
        Print(AnsiConsole.Console, result, registered, verbose);
        Track(AnsiConsole.Console, registry, registered, result, options);
        return registered;
    }

    /// <summary>Logs the run to MLflow when MLFLOW_TRACKING_URI is set; a failure keeps it pending and is said once.</summary>
    private static void Track(IAnsiConsole console, ModelRegistry registry, RegistrationResult registered, TrainingResult result, TrainOptions options)
    {
        var tracking = RunsCommand.TrackingFromEnvironment();
        if (tracking is null)
        {
            console.MarkupLine("[grey]MLflow: not logged (MLFLOW_TRACKING_URI is not set).[/]");
            return;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcome = Progress.Steps<string, Mlflow.Publishing.PublishOutcome>("Logging to MLflow", s => (s, 0, 1),
            _ => new RunTracker(registry, tracking).TrackAsync(registered, result, options).GetAwaiter().GetResult());
        var took = watch.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
        console.MarkupLine($"[{(outcome.Published ? "green" : "yellow")}]{Markup.Escape(outcome.Summary)}[/] [grey](tracking took {took} s)[/]");
    }

    private static void Print(IAnsiConsole console, TrainingResult result, RegistrationResult registered, bool verbose)
    {
        var card = registered.Card;
        var board = new Table().Border(TableBorder.Rounded).Title("Leaderboard (validation)")
            .AddColumns("#", "candidate", "PR-AUC", "95 % interval", "ROC-AUC", "Brier", "threshold", card.Threshold.Objective, "rows", "fit s");
        foreach (var e in result.Leaderboard)
        {
            var mark = e.Chosen ? " (chosen)" : e.WithinNoiseOfBest ? " (within noise)" : "";
            board.AddRow(N(e.Rank), e.Candidate + mark, F(e.ValidationPrAuc), e.ValidationPrAucInterval is { } i ? $"{F(i.Low)}–{F(i.High)}" : "", F(e.ValidationRocAuc),
                F(e.ValidationBrier, 5), F(e.Threshold, 4), F(e.ValidationObjective), N(e.TrainingExamples), F(e.TrainSeconds, 1));
        }

        console.Write(board);
        ModelsCommand.PrintTestMetrics(console, card);
        console.MarkupLineInterpolated($"Chosen: {result.Choice}.");
        if (registered.Alias == ModelAliases.Rejected)
        {
            console.MarkupLineInterpolated($"[red]Rejected {card.Name} v{card.Version}: {registered.Reason}; registered for inspection, never served (exit code {ExitCodes.ModelRejected}).[/]");
        }
        else
        {
            console.MarkupLineInterpolated($"[green]Registered {card.Name} v{card.Version} as [bold]{registered.Alias}[/][/]: {registered.Reason}.");
        }

        console.MarkupLineInterpolated($"Report: {Path.Combine(registered.Folder, TrainingReport.Html)}");
        if (verbose)
        {
            console.MarkupLineInterpolated($"[grey]{string.Join(", ", result.Timings.Select(t => $"{t.Step} {t.Elapsed.TotalSeconds:F2}s"))}[/]");
        }
    }

    private static SplitOptions Split(string fractions, DateTime? validFrom, DateTime? testFrom, int minPositives)
    {
        var parts = fractions.Split(',');
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var train)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var valid))
        {
            throw new UsageException($"--split takes two fractions, train and validation, like 0.70,0.15 (got '{fractions}').");
        }

        var options = new SplitOptions
        {
            TrainFraction = train,
            ValidationFraction = valid,
            ValidationFrom = validFrom is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null,
            TestFrom = testFrom is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null,
            MinPositives = minPositives,
        };
        Usage(() => { options.Validate(); return 0; });
        return options;
    }

    private static IReadOnlyList<Candidate> Candidates(string trainers, string strategies)
    {
        var t = Usage(() => trainers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Candidate.ParseTrainer).ToHashSet());
        var s = Usage(() => strategies.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Candidate.ParseStrategy).ToHashSet());
        var chosen = Candidate.All.Where(c => t.Contains(c.Trainer) && s.Contains(c.Strategy)).ToArray();
        return chosen.Length > 0 ? chosen : throw new UsageException($"No trainer × strategy pair makes sense for --trainers {trainers} --strategies {strategies}.");
    }

    private static T Usage<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The commit this build came from, as the SDK stamps it into the informational version.</summary>
    private static string? GitCommit()
    {
        var version = typeof(ModelTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : null;
    }

    private static string F(double value, int digits = 3) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
