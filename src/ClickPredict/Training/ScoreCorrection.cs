namespace ClickPredict.Training;

/// <summary>
/// Undoes the prior shift of a weighted or undersampled training set. A model that saw each positive
/// weigh <see cref="PositiveWeight"/> times a negative (class weights, LightGBM's unbalanced mode, or
/// negatives kept at rate 1/w) learned odds w times too high; p = q / (q + w (1 − q)) brings its
/// score q back to a probability on the real class mix. Weight 1 leaves scores as they are.
/// </summary>
internal sealed record ScoreCorrection(double PositiveWeight)
{
    public static ScoreCorrection None { get; } = new(1);

    public double Apply(double score) => PositiveWeight == 1 ? score : score / (score + (PositiveWeight * (1 - score)));
}
