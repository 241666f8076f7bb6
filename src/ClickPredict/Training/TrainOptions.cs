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

    /// <summary>LightGBM boosting rounds and FastTree trees.</summary>
    public int Iterations { get; init; } = 300;

    public int Leaves { get; init; } = 31;

    public int MinExamplesPerLeaf { get; init; } = 50;

    public double LearningRate { get; init; } = 0.05;

    /// <summary>Undersampling keeps about this many negatives per positive.</summary>
    public double UndersampleNegativesPerPositive { get; init; } = 5;
}
