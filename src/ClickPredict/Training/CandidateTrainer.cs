using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace ClickPredict.Training;

/// <summary>A fitted candidate: the ML.NET model, how to correct its scores, and what it was fitted with.</summary>
internal sealed record TrainedCandidate(
    Candidate Candidate,
    ITransformer Model,
    ScoreCorrection Correction,
    IReadOnlyDictionary<string, string> HyperParameters,
    IReadOnlyList<double> FeatureImportance,
    int TrainingExamples,
    TimeSpan Elapsed);

/// <summary>Fits one trainer × strategy pair on the training window: build pipeline → fit, as plain steps.</summary>
internal sealed class CandidateTrainer(MLContext ml, TrainOptions options)
{
    public TrainedCandidate Fit(Candidate candidate, ExampleTable train)
    {
        OpenMpWaiting.PreferPassive();
        var watch = Stopwatch.StartNew();
        var (rows, positiveWeight, correction) = Prepare(candidate.Strategy, train);
        var data = ModelSchema.Training(rows, positiveWeight);
        var weighted = positiveWeight != 1f;
        var hyper = new Dictionary<string, string>
        {
            ["seed"] = Invariant(options.Seed),
            ["positive_weight"] = Invariant(positiveWeight),
            ["score_correction_positive_weight"] = Invariant(correction.PositiveWeight),
        };
        var (model, importance) = candidate.Trainer switch
        {
            TrainerKind.LightGbm => FitLightGbm(data, weighted, candidate.Strategy == ImbalanceStrategy.Unbalanced, hyper),
            TrainerKind.FastTree => FitFastTree(data, weighted, hyper),
            _ => FitLogisticRegression(data, weighted, hyper),
        };
        return new TrainedCandidate(candidate, model, correction, hyper, importance, rows.Count, watch.Elapsed);
    }

    /// <summary>The rows, the weight of a positive, and the correction that undoes the shift they cause.</summary>
    private (ExampleTable Rows, float PositiveWeight, ScoreCorrection Correction) Prepare(ImbalanceStrategy strategy, ExampleTable train)
    {
        var ratio = (double)train.Negatives / Math.Max(1, train.Positives);
        switch (strategy)
        {
            case ImbalanceStrategy.ClassWeights:
                return (train, (float)ratio, new ScoreCorrection((float)ratio));
            case ImbalanceStrategy.Unbalanced:
                // LightGBM weighs positives by negatives/positives itself (is_unbalance).
                return (train, 1f, new ScoreCorrection(ratio));
            case ImbalanceStrategy.Undersample:
                var keep = Math.Min(1, options.UndersampleNegativesPerPositive * train.Positives / Math.Max(1.0, train.Negatives));
                var random = new Random(options.Seed);
                var kept = Enumerable.Range(0, train.Count).Where(i => train.Label(i) || random.NextDouble() < keep).ToArray();
                return (train.Select(kept), 1f, new ScoreCorrection(1 / keep));
            default:
                return (train, 1f, ScoreCorrection.None);
        }
    }

    private (ITransformer, double[]) FitLightGbm(IDataView data, bool weighted, bool unbalanced, Dictionary<string, string> hyper)
    {
        var trainerOptions = new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = ModelSchema.Label,
            FeatureColumnName = ModelSchema.Features,
            ExampleWeightColumnName = weighted ? ModelSchema.Weight : null,
            NumberOfIterations = options.Iterations,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            LearningRate = options.LearningRate,
            UnbalancedSets = unbalanced,
            Seed = options.Seed,
            Silent = true,
            Booster = new GradientBooster.Options
            {
                SubsampleFraction = options.Subsample,
                SubsampleFrequency = options.Subsample < 1 ? 1 : 0,
                FeatureFraction = options.FeatureFraction,
            },
        };
        RecordTreeShape(hyper, "iterations", options.LearningRate);
        hyper["unbalanced_sets"] = unbalanced ? "true" : "false";
        hyper["subsample"] = Invariant(options.Subsample);
        hyper["feature_fraction"] = Invariant(options.FeatureFraction);
        var model = ml.BinaryClassification.Trainers.LightGbm(trainerOptions).Fit(data);
        return (model, TreeImportance(model.Model.SubModel));
    }

    private (ITransformer, double[]) FitFastTree(IDataView data, bool weighted, Dictionary<string, string> hyper)
    {
        var trainerOptions = new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = ModelSchema.Label,
            FeatureColumnName = ModelSchema.Features,
            ExampleWeightColumnName = weighted ? ModelSchema.Weight : null,
            NumberOfTrees = options.Iterations,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            // FastTree's own default rate is twice LightGBM's; kept in that proportion.
            LearningRate = options.LearningRate * 2,
            Seed = options.Seed,
        };
        RecordTreeShape(hyper, "trees", options.LearningRate * 2);
        var model = ml.BinaryClassification.Trainers.FastTree(trainerOptions).Fit(data);
        return (model, TreeImportance(model.Model.SubModel));
    }

    private (ITransformer, double[]) FitLogisticRegression(IDataView data, bool weighted, Dictionary<string, string> hyper)
    {
        var trainerOptions = new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = ModelSchema.Label,
            FeatureColumnName = ModelSchema.Features,
            ExampleWeightColumnName = weighted ? ModelSchema.Weight : null,
            L2Regularization = 1f,
        };
        hyper["l2_regularization"] = "1";
        hyper["normalization"] = "mean-variance";
        var model = ml.Transforms.NormalizeMeanVariance(ModelSchema.Features)
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(trainerOptions))
            .Fit(data);
        var weights = model.LastTransformer.Model.SubModel.Weights;
        return (model, Shares(weights.Select(w => (double)Math.Abs(w))));
    }

    private void RecordTreeShape(Dictionary<string, string> hyper, string roundsName, double learningRate)
    {
        hyper[roundsName] = Invariant(options.Iterations);
        hyper["leaves"] = Invariant(options.Leaves);
        hyper["min_examples_per_leaf"] = Invariant(options.MinExamplesPerLeaf);
        hyper["learning_rate"] = Invariant(learningRate);
    }

    /// <summary>Each feature's share of the ensemble's total split gain.</summary>
    private static double[] TreeImportance(TreeEnsembleModelParameters trees)
    {
        VBuffer<float> gains = default;
        trees.GetFeatureWeights(ref gains);
        return Shares(gains.DenseValues().Select(g => (double)g));
    }

    private static double[] Shares(IEnumerable<double> values)
    {
        var all = values.ToArray();
        var total = all.Sum();
        return [.. all.Select(v => total == 0 ? 0 : v / total)];
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
