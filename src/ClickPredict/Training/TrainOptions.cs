namespace ClickPredict.Training;

/// <summary>Everything a training run is told; stored in model.json so a run can be repeated.</summary>
internal sealed record TrainOptions
{
    public const string DefaultModelName = "clickpredict";

    public string ModelName { get; init; } = DefaultModelName;

    public int Seed { get; init; } = 42;

    public SplitOptions Split { get; init; } = new();

    public ThresholdObjective Objective { get; init; } = ThresholdObjective.F1;

    /// <summary>The leaderboard; every pair that makes sense unless narrowed.</summary>
    public IReadOnlyList<Candidate> Candidates { get; init; } = Candidate.All;

    /// <summary>
    /// LightGBM boosting rounds and FastTree trees. 200 at rate 0.05: on 1 M generated examples the
    /// holdout PR-AUC matched 300 rounds (0.395 vs 0.393) in three quarters of the time (DECISIONS D13).
    /// </summary>
    public int Iterations { get; init; } = 200;

    public int Leaves { get; init; } = 31;

    public int MinExamplesPerLeaf { get; init; } = 50;

    public double LearningRate { get; init; } = 0.05;

    /// <summary>LightGBM fits each round on this share of the training rows, redrawn every round (bagging); 1 uses every row.</summary>
    public double Subsample { get; init; } = 0.7;

    /// <summary>LightGBM offers each tree this share of the features; 1 offers all.</summary>
    public double FeatureFraction { get; init; } = 0.8;

    /// <summary>Boosting stops when validation ROC-AUC has not improved for this many rounds; 0 fits every round.</summary>
    public int EarlyStoppingRounds { get; init; } = 25;

    /// <summary>
    /// Boosting scores at most about this many validation examples each round to decide when to stop: every
    /// k-th session of the window. On 1 M generated examples, stopping on every fourth session of 400 k
    /// chose 88 rounds for the same holdout PR-AUC as all 400 k (0.3976 vs 0.3977) and cut the fit from
    /// 13.2 s to 10.2 s (DECISIONS D20).
    /// </summary>
    public int EarlyStoppingExamples { get; init; } = 100_000;

    /// <summary>Extra tree shapes tried for the best boosted candidate after the first pass (0: none).</summary>
    public int Trials { get; init; } = 4;

    /// <summary>Training stops starting new trials past this much time; candidates of the first pass always run.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Undersampling keeps about this many negatives per positive.</summary>
    public double UndersampleNegativesPerPositive { get; init; } = 5;

    public void Validate()
    {
        if (Iterations < 1)
        {
            throw new ArgumentException($"--iterations must be at least 1 (got {Iterations}).");
        }

        if (EarlyStoppingExamples < 1)
        {
            throw new ArgumentException($"EarlyStoppingExamples must be at least 1 (got {EarlyStoppingExamples}).");
        }

        if (Trials < 0 || EarlyStoppingRounds < 0)
        {
            throw new ArgumentException($"--trials and --early-stopping must be ≥ 0 (got {Trials} and {EarlyStoppingRounds}).");
        }

        if (Subsample is <= 0 or > 1 || double.IsNaN(Subsample))
        {
            throw new ArgumentException($"--subsample must be in (0, 1] (got {Subsample}); 1 fits every round on every row.");
        }

        if (FeatureFraction is <= 0 or > 1 || double.IsNaN(FeatureFraction))
        {
            throw new ArgumentException($"--feature-fraction must be in (0, 1] (got {FeatureFraction}); 1 offers every feature to every tree.");
        }
    }
}
