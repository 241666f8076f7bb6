namespace ClickPredict.Training;

internal enum TrainerKind
{
    LightGbm,
    FastTree,
    LogisticRegression,
}

internal enum ImbalanceStrategy
{
    /// <summary>Train on the data as it is.</summary>
    None,

    /// <summary>Each positive example weighs negatives / positives.</summary>
    ClassWeights,

    /// <summary>LightGBM's <c>is_unbalance</c>: the same reweighting, done inside LightGBM.</summary>
    Unbalanced,

    /// <summary>Keep every positive and a seeded random share of negatives.</summary>
    Undersample,
}

/// <summary>One trainer × imbalance strategy pair on the leaderboard.</summary>
internal sealed record Candidate(TrainerKind Trainer, ImbalanceStrategy Strategy)
{
    /// <summary>Every pair that makes sense: the unbalanced mode is LightGBM's own.</summary>
    public static IReadOnlyList<Candidate> All { get; } =
    [
        .. from t in Enum.GetValues<TrainerKind>()
           from s in Enum.GetValues<ImbalanceStrategy>()
           where s != ImbalanceStrategy.Unbalanced || t == TrainerKind.LightGbm
           select new Candidate(t, s),
    ];

    public bool IsBaseline => Trainer == TrainerKind.LogisticRegression;

    public string Name => $"{TrainerName(Trainer)}/{StrategyName(Strategy)}";

    public static string TrainerName(TrainerKind trainer) => trainer switch
    {
        TrainerKind.LightGbm => "lightgbm",
        TrainerKind.FastTree => "fasttree",
        _ => "logistic-regression",
    };

    public static string StrategyName(ImbalanceStrategy strategy) => strategy switch
    {
        ImbalanceStrategy.None => "none",
        ImbalanceStrategy.ClassWeights => "class-weights",
        ImbalanceStrategy.Unbalanced => "unbalanced",
        _ => "undersample",
    };

    public static TrainerKind ParseTrainer(string name) =>
        Enum.GetValues<TrainerKind>().FirstOrDefault(t => TrainerName(t) == name, (TrainerKind)(-1)) is var t && Enum.IsDefined(t)
            ? t
            : throw new ArgumentException($"Unknown trainer '{name}'; use {string.Join(", ", Enum.GetValues<TrainerKind>().Select(TrainerName))}.");

    public static ImbalanceStrategy ParseStrategy(string name) =>
        Enum.GetValues<ImbalanceStrategy>().FirstOrDefault(s => StrategyName(s) == name, (ImbalanceStrategy)(-1)) is var s && Enum.IsDefined(s)
            ? s
            : throw new ArgumentException($"Unknown strategy '{name}'; use {string.Join(", ", Enum.GetValues<ImbalanceStrategy>().Select(StrategyName))}.");

    public override string ToString() => Name;
}
