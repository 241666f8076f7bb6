using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using ClickPredict.Features;
using ClickPredict.Storage;
using Microsoft.ML;

namespace ClickPredict.Training;

/// <summary>
/// Load gold → split by time → fit every candidate on train → score validation, tune its threshold,
/// rank on validation PR-AUC and choose the simplest candidate within the noise of the best
/// (<see cref="Leaderboard.Choose"/>) → evaluate it and the logistic-regression baseline once on test.
/// Every metric carries a 95 % interval from the bootstrap by session.
/// </summary>
internal sealed class ModelTrainer(Lake lake, TrainOptions options)
{
    public TrainingResult Run(IProgress<StageProgress>? progress = null)
    {
        options.Validate();
        var timings = new StepTimer();
        var total = options.Candidates.Count + options.Trials + 2;
        progress?.Report(new StageProgress("loading gold examples", 0, total));
        var (examples, gold) = ExampleLoader.Load(lake);
        var split = TimeSplit.Of(examples, options.Split);
        var fingerprint = Fingerprint(lake, gold);
        timings.Lap("load and split");

        var ml = new MLContext(options.Seed);
        var trainer = new CandidateTrainer(ml, options);
        var validation = new SessionBootstrap(split.Validation.Examples, options.Seed);
        var validated = new List<ValidatedCandidate>();
        var started = Stopwatch.StartNew();
        foreach (var candidate in options.Candidates)
        {
            progress?.Report(new StageProgress($"training {candidate.Name}", validated.Count + 1, total));
            validated.Add(Validate(trainer.Fit(candidate, split.Train.Examples, split.Validation.Examples), split, validation));
            timings.Lap(candidate.Name);
        }

        // The search: more tree shapes for the best boosted candidate, while the budget lasts.
        if (validated.Where(v => !v.Trained.Candidate.IsBaseline).MaxBy(v => v.Validation.PrAuc) is { } boosted)
        {
            for (var trial = 1; trial <= options.Trials && started.Elapsed < options.Budget; trial++)
            {
                var shape = BoostingTrial.Draw(options, split.Train.Examples.Count, trial);
                progress?.Report(new StageProgress($"trial {trial} of {options.Trials}: {boosted.Trained.Candidate.Name}, {shape.Leaves} leaves, rate {shape.LearningRate}", validated.Count + 1, total));
                validated.Add(Validate(trainer.Fit(boosted.Trained.Candidate, split.Train.Examples, split.Validation.Examples, shape), split, validation));
                timings.Lap($"{boosted.Trained.Candidate.Name} trial {trial}");
            }
        }

        var ranked = Leaderboard.Rank(validated);
        var choice = Leaderboard.Choose(ranked);
        var baseline = ranked.FirstOrDefault(c => c.Trained.Candidate.IsBaseline)
            ?? Validate(trainer.Fit(new Candidate(TrainerKind.LogisticRegression, ImbalanceStrategy.None), split.Train.Examples), split, validation);

        progress?.Report(new StageProgress("evaluating on test", total - 1, total));
        var test = new SessionBootstrap(split.Test.Examples, options.Seed);
        var chosen = Evaluate(choice.Chosen, split, test);
        var baselineEvaluation = ReferenceEquals(baseline, choice.Chosen) ? chosen : Evaluate(baseline, split, test);
        timings.Lap("test evaluation");
        return new TrainingResult(split, Leaderboard.Entries(ranked, choice), chosen, baselineEvaluation, gold, fingerprint, timings.Laps) { Choice = choice.Reason };
    }

    private ValidatedCandidate Validate(TrainedCandidate trained, TimeSplit split, SessionBootstrap bootstrap)
    {
        var scores = BatchScorer.ScoreSet(trained.Model, trained.Correction, split.Validation.Examples);
        var threshold = ThresholdTuner.Tune(scores, options.Objective);
        var (metrics, prAuc) = bootstrap.Measure(scores, threshold.Threshold);
        return new ValidatedCandidate(trained, threshold, metrics, prAuc);
    }

    private Evaluation Evaluate(ValidatedCandidate model, TimeSplit split, SessionBootstrap bootstrap)
    {
        var scores = BatchScorer.ScoreSet(model.Trained.Model, model.Trained.Correction, split.Test.Examples);
        var evaluation = Evaluation.Of(model, scores, options.Objective);
        return evaluation with { Test = bootstrap.Measure(scores, model.Threshold.Threshold).Metrics };
    }

    /// <summary>Names the exact training data: the feature set and every examples file's content hash.</summary>
    private static string Fingerprint(Lake lake, FeaturesManifest gold)
    {
        var text = new StringBuilder(gold.FeatureSetVersion);
        foreach (var file in gold.ExamplesPaths(lake).Order(StringComparer.Ordinal))
        {
            text.Append('\n').Append(ContentHash.Of(file));
        }

        return "xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
