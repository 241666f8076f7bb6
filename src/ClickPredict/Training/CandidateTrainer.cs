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
    /// <summary>
    /// Fits <paramref name="candidate"/> on <paramref name="train"/>. Boosting stops early on
    /// <paramref name="validation"/> (ROC-AUC, which no reweighting shifts) when it is given: the
    /// round count is chosen, up to <see cref="TrainOptions.Iterations"/>, and recorded.
    /// </summary>
    public TrainedCandidate Fit(Candidate candidate, ExampleTable train, ExampleTable? validation = null, BoostingTrial? trial = null)
    {
        OpenMpWaiting.PreferPassive();
        var watch = Stopwatch.StartNew();
        var (rows, positiveWeight, correction) = Prepare(candidate.Strategy, train);
        var data = ModelSchema.Training(rows, positiveWeight);
        var weighted = positiveWeight != 1f;
        // Same columns as training (the weight column included, every row weighing 1): the trainers require it.
        // Only for rows at their real mix (strategy none): with class weights or undersampling both trainers
        // stopped after one tree on the demo lake (validation PR-AUC 0.36 instead of 0.43), and LightGBM's
        // unbalanced mode lost 0.013, so reweighted candidates fit every round.
        var stopping = validation is null || options.EarlyStoppingRounds == 0 || candidate.Strategy != ImbalanceStrategy.None
            ? null
            : StoppingSample(validation);
        var stopOn = stopping is null ? null : ModelSchema.Training(stopping, 1f);
        var shape = trial ?? BoostingTrial.Default(options, rows.Count);
        var hyper = new Dictionary<string, string>
        {
            ["seed"] = Invariant(options.Seed),
            ["positive_weight"] = Invariant(positiveWeight),
            ["score_correction_positive_weight"] = Invariant(correction.PositiveWeight),
        };
        if (stopping is not null && candidate.Trainer != TrainerKind.LogisticRegression)
        {
            hyper["early_stopping_examples"] = Invariant(stopping.Count);
        }
        var (model, importance) = candidate.Trainer switch
        {
            TrainerKind.LightGbm => FitLightGbm(data, stopOn, weighted, candidate.Strategy == ImbalanceStrategy.Unbalanced, shape, hyper),
            TrainerKind.FastTree => FitFastTree(data, stopOn, weighted, shape, hyper),
            _ => FitLogisticRegression(data, weighted, hyper),
        };
        return new TrainedCandidate(candidate, model, correction, hyper, importance, rows.Count, watch.Elapsed);
    }

    /// <summary>Every k-th session of the validation window, so about <see cref="TrainOptions.EarlyStoppingExamples"/> are scored each round.</summary>
    private ExampleTable StoppingSample(ExampleTable validation)
    {
        var every = (int)Math.Ceiling((double)validation.Count / options.EarlyStoppingExamples);
        return every <= 1 ? validation : validation.Select(Enumerable.Range(0, validation.Count).Where(i => validation.SessionOrdinal(i) % every == 0));
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

    private (ITransformer, double[]) FitLightGbm(IDataView data, IDataView? stopOn, bool weighted, bool unbalanced, BoostingTrial shape, Dictionary<string, string> hyper)
    {
        var trainerOptions = new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = ModelSchema.Label,
            FeatureColumnName = ModelSchema.Features,
            ExampleWeightColumnName = weighted ? ModelSchema.Weight : null,
            NumberOfIterations = options.Iterations,
            NumberOfLeaves = shape.Leaves,
            MinimumExampleCountPerLeaf = shape.MinExamplesPerLeaf,
            LearningRate = shape.LearningRate,
            UnbalancedSets = unbalanced,
            Seed = options.Seed,
            Silent = true,
            EarlyStoppingRound = stopOn is null ? 0 : options.EarlyStoppingRounds,
            EvaluationMetric = LightGbmBinaryTrainer.Options.EvaluateMetricType.AreaUnderCurve,
            Booster = new GradientBooster.Options
            {
                SubsampleFraction = options.Subsample,
                SubsampleFrequency = options.Subsample < 1 ? 1 : 0,
                FeatureFraction = shape.FeatureFraction,
                L2Regularization = shape.L2,
            },
        };
        var model = ml.BinaryClassification.Trainers.LightGbm(trainerOptions).Fit(data, stopOn);
        RecordTreeShape(hyper, "iterations", shape, Trees(model.Model.SubModel), stopOn is not null);
        hyper["unbalanced_sets"] = unbalanced ? "true" : "false";
        hyper["subsample"] = Invariant(options.Subsample);
        hyper["feature_fraction"] = Invariant(shape.FeatureFraction);
        hyper["l2"] = Invariant(shape.L2);
        return (model, TreeImportance(model.Model.SubModel));
    }

    private (ITransformer, double[]) FitFastTree(IDataView data, IDataView? stopOn, bool weighted, BoostingTrial shape, Dictionary<string, string> hyper)
    {
        // FastTree's own default rate is twice LightGBM's; kept in that proportion.
        var fastTreeShape = shape with { LearningRate = shape.LearningRate * 2 };
        var trainerOptions = new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = ModelSchema.Label,
            FeatureColumnName = ModelSchema.Features,
            ExampleWeightColumnName = weighted ? ModelSchema.Weight : null,
            NumberOfTrees = options.Iterations,
            NumberOfLeaves = shape.Leaves,
            MinimumExampleCountPerLeaf = shape.MinExamplesPerLeaf,
            LearningRate = fastTreeShape.LearningRate,
            Seed = options.Seed,
        };
        if (stopOn is not null)
        {
            trainerOptions.EarlyStoppingRule = new TolerantEarlyStoppingRule();
            trainerOptions.EarlyStoppingMetric = EarlyStoppingMetric.L1Norm;
        }

        var model = stopOn is null
            ? ml.BinaryClassification.Trainers.FastTree(trainerOptions).Fit(data)
            : ml.BinaryClassification.Trainers.FastTree(trainerOptions).Fit(data, stopOn);
        RecordTreeShape(hyper, "trees", fastTreeShape, Trees(model.Model.SubModel), stopOn is not null);
        return (model, TreeImportance(model.Model.SubModel));
    }

    private static int Trees(TreeEnsembleModelParametersBasedOnRegressionTree model) => model.TrainedTreeEnsemble.Trees.Count;

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

    private void RecordTreeShape(Dictionary<string, string> hyper, string roundsName, BoostingTrial shape, int trees, bool stoppedEarly)
    {
        hyper[roundsName] = Invariant(trees);
        hyper["max_" + roundsName] = Invariant(options.Iterations);
        hyper["early_stopping"] = stoppedEarly ? $"validation, patience {Invariant(options.EarlyStoppingRounds)}" : "off";
        hyper["leaves"] = Invariant(shape.Leaves);
        hyper["min_examples_per_leaf"] = Invariant(shape.MinExamplesPerLeaf);
        hyper["learning_rate"] = Invariant(shape.LearningRate);
        if (shape.Trial > 0)
        {
            hyper["trial"] = Invariant(shape.Trial);
        }
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
