using System.Globalization;
using ClickPredict.Registry;

namespace ClickPredict.Training;

/// <summary>report.md and report.html of a registered version: test metrics next to the baseline's, the leaderboard, the plots.</summary>
internal static class TrainingReport
{
    public const string Markdown = "report.md";
    public const string Html = "report.html";

    public static void Write(string folder, ModelCard card, TrainingResult result)
    {
        ReportPlots.Write(folder, result.Chosen, result.Baseline, [.. card.FeatureImportance.Select(f => (f.Feature, f.Share))]);
        var report = Build(card, result.Leaderboard);
        File.WriteAllText(Path.Combine(folder, Markdown), report.Markdown());
        File.WriteAllText(Path.Combine(folder, Html), report.Html(folder));
    }

    public static ReportDocument Build(ModelCard card, IReadOnlyList<LeaderboardEntry> leaderboard)
    {
        var m = card.Test;
        var b = card.Baseline.Test;
        var doc = new ReportDocument($"{card.Name} v{card.Version}: {card.Candidate}")
            .Paragraph($"Trained {Stamp(card.CreatedAt.UtcDateTime)} UTC on gold build {card.Data.GoldBuildId} (feature set {card.FeatureSetVersion}, " +
                $"{card.Features.Count} features, data {card.Data.Fingerprint}), seed {card.Seed}. The model was chosen on validation PR-AUC; " +
                $"its threshold {F(card.Threshold.Value, 4)} was tuned on validation for {card.Threshold.Description}. " +
                "Test is looked at once, for this report.")
            .Heading("Windows (by session start)")
            .Table(["window", "from", "to", "examples", "positives", "base rate", "sessions"],
                [Window("train", card.Data.Train), Window("validation", card.Data.Validation), Window("test", card.Data.Test)])
            .Heading("Test metrics")
            .Table(["metric", card.Candidate, $"baseline {card.Baseline.Candidate}"],
            [
                ["PR-AUC (primary)", F(m.PrAuc), F(b.PrAuc)],
                ["ROC-AUC", F(m.RocAuc), F(b.RocAuc)],
                ["Brier score", F(m.Brier, 5), F(b.Brier, 5)],
                ["mean predicted / base rate", $"{P(m.MeanScore)} / {P(m.BaseRate)}", $"{P(b.MeanScore)} / {P(b.BaseRate)}"],
                ["threshold (tuned on validation)", F(card.Threshold.Value, 4), F(card.Baseline.Threshold, 4)],
                ["precision at threshold", F(m.AtThreshold.Precision), F(b.AtThreshold.Precision)],
                ["recall at threshold", F(m.AtThreshold.Recall), F(b.AtThreshold.Recall)],
                ["F1 at threshold", F(m.AtThreshold.F1), F(b.AtThreshold.F1)],
                [$"objective: {card.Threshold.Objective}", F(card.Threshold.TestObjectiveValue), F(card.Baseline.TestObjectiveValue)],
                .. m.Top.Zip(b.Top, (t, bt) => (IReadOnlyList<string>)[$"precision in top {t.Share:P0}", F(t.Precision), F(bt.Precision)]),
                .. m.Top.Zip(b.Top, (t, bt) => (IReadOnlyList<string>)[$"lift in top {t.Share:P0}", F(t.Lift, 2), F(bt.Lift, 2)]),
                ["examples / positives", $"{m.Examples:N0} / {m.Positives:N0}", $"{b.Examples:N0} / {b.Positives:N0}"],
            ])
            .Image(ReportPlots.PrCurve, "Precision–recall curve on test, model and baseline")
            .Image(ReportPlots.RocCurve, "ROC curve on test")
            .Image(ReportPlots.Calibration, "Calibration on test: mean predicted probability against the observed rate, by score decile")
            .Heading("Leaderboard (validation; ranked on PR-AUC)")
            .Table(["rank", "candidate", "PR-AUC", "ROC-AUC", "Brier", "threshold", card.Threshold.Objective, "training rows", "fit s"],
                leaderboard.Select(e => (IReadOnlyList<string>)[
                    e.Rank.ToString(CultureInfo.InvariantCulture), e.Candidate, F(e.ValidationPrAuc), F(e.ValidationRocAuc), F(e.ValidationBrier, 5),
                    F(e.Threshold, 4), F(e.ValidationObjective), e.TrainingExamples.ToString("N0", CultureInfo.InvariantCulture), F(e.TrainSeconds, 1)]))
            .Heading("Feature importance")
            .Image(ReportPlots.Importance, $"Share of importance, {ImportanceKind(card.Trainer)}")
            .Table(["feature", "share"], card.FeatureImportance.Take(15).Select(f => (IReadOnlyList<string>)[f.Feature, P(f.Share)]));
        return doc;
    }

    private static string ImportanceKind(string trainer) =>
        trainer == Candidate.TrainerName(TrainerKind.LogisticRegression) ? "absolute weight on standardized features" : "total split gain";

    private static IReadOnlyList<string> Window(string name, WindowSummary w) =>
        [name, Stamp(w.From), Stamp(w.To), w.Examples.ToString("N0", CultureInfo.InvariantCulture), w.Positives.ToString("N0", CultureInfo.InvariantCulture),
            P(w.Examples == 0 ? 0 : (double)w.Positives / w.Examples), w.Sessions.ToString("N0", CultureInfo.InvariantCulture)];

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string F(double value, int digits = 3) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string P(double value) => value.ToString("P2", CultureInfo.InvariantCulture);
}
