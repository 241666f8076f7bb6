using System.IO.Hashing;
using System.Text;
using ClickPredict.Features;
using ClickPredict.Storage;
using Microsoft.ML;

namespace ClickPredict.Training;

/// <summary>
/// Load gold → split by time → fit every candidate on train → score validation, tune its threshold,
/// rank on validation PR-AUC → evaluate the winner and the logistic-regression baseline once on test.
/// </summary>
internal sealed class ModelTrainer(Lake lake, TrainOptions options)
{
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null)
    {
        options.Validate();
        var timings = new StepTimer();
        var total = options.Candidates.Count + 2;
        progress?.Report(new TrainingProgress("loading gold examples", 0, total));
        var (examples, gold) = ExampleLoader.Load(lake);
        var split = TimeSplit.Of(examples, options.Split);
        var fingerprint = Fingerprint(lake, gold);
        timings.Lap("load and split");

        var ml = new MLContext(options.Seed);
        var trainer = new CandidateTrainer(ml, options);
        var validated = new List<ValidatedCandidate>();
        foreach (var candidate in options.Candidates)
        {
            progress?.Report(new TrainingProgress($"training {candidate.Name}", validated.Count + 1, total));
            validated.Add(Validate(ml, trainer.Fit(candidate, split.Train.Examples), split));
            timings.Lap(candidate.Name);
        }

        var ranked = Leaderboard.Rank(validated);
        var baseline = ranked.FirstOrDefault(c => c.Trained.Candidate.IsBaseline)
            ?? Validate(ml, trainer.Fit(new Candidate(TrainerKind.LogisticRegression, ImbalanceStrategy.None), split.Train.Examples), split);

        progress?.Report(new TrainingProgress("evaluating on test", total - 1, total));
        var chosen = Evaluate(ml, ranked[0], split);
        var baselineEvaluation = ReferenceEquals(baseline, ranked[0]) ? chosen : Evaluate(ml, baseline, split);
        timings.Lap("test evaluation");
        return new TrainingResult(split, Leaderboard.Entries(ranked), chosen, baselineEvaluation, gold, fingerprint, timings.Laps);
    }

    private ValidatedCandidate Validate(MLContext ml, TrainedCandidate trained, TimeSplit split)
    {
        var scores = BatchScorer.ScoreSet(trained.Model, trained.Correction, split.Validation.Examples);
        var threshold = ThresholdTuner.Tune(scores, options.Objective);
        return new ValidatedCandidate(trained, threshold, BinaryMetrics.Of(scores, threshold.Threshold));
    }

    private Evaluation Evaluate(MLContext ml, ValidatedCandidate model, TimeSplit split) =>
        Evaluation.Of(model, BatchScorer.ScoreSet(model.Trained.Model, model.Trained.Correction, split.Test.Examples), options.Objective);

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
