using ScottPlot;

namespace ClickPredict.Training;

/// <summary>The report's PNG plots, drawn with ScottPlot: model against baseline on the test window.</summary>
internal static class ReportPlots
{
    public const string PrCurve = "pr_curve.png";
    public const string RocCurve = "roc_curve.png";
    public const string Calibration = "calibration.png";
    public const string Importance = "feature_importance.png";
    private const int Width = 720;
    private const int Height = 540;

    public static IReadOnlyList<string> Files { get; } = [PrCurve, RocCurve, Calibration, Importance];

    public static void Write(string folder, Evaluation model, Evaluation baseline, IReadOnlyList<(string Feature, double Share)> importance)
    {
        Lines(folder, PrCurve, "Precision–recall on test", "Recall", "Precision",
            Series(model, Curves.PrecisionRecall(model.TestScores), model.Test.PrAuc, "PR-AUC"),
            Series(baseline, Curves.PrecisionRecall(baseline.TestScores), baseline.Test.PrAuc, "PR-AUC"),
            ($"base rate {model.Test.BaseRate:P2}", [(0, model.Test.BaseRate), (1, model.Test.BaseRate)], true));
        Lines(folder, RocCurve, "ROC on test", "False positive rate", "True positive rate",
            Series(model, Curves.Roc(model.TestScores), model.Test.RocAuc, "ROC-AUC"),
            Series(baseline, Curves.Roc(baseline.TestScores), baseline.Test.RocAuc, "ROC-AUC"),
            ("chance", [(0, 0), (1, 1)], true));
        CalibrationPlot(folder, model, baseline);
        ImportancePlot(folder, model, importance);
    }

    private static (string, IReadOnlyList<(double, double)>, bool) Series(Evaluation e, IEnumerable<(double, double)> points, double area, string metric) =>
        ($"{e.Model.Trained.Candidate.Name} ({metric} {area:F3})", [.. points], false);

    private static void Lines(string folder, string file, string title, string x, string y, params (string Label, IReadOnlyList<(double X, double Y)> Points, bool Dashed)[] series)
    {
        var plot = new Plot();
        foreach (var (label, points, dashed) in series)
        {
            var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            line.LegendText = label;
            line.LineWidth = dashed ? 1 : 2;
            if (dashed)
            {
                line.LinePattern = LinePattern.Dashed;
                line.Color = Colors.Gray;
            }
        }

        Finish(plot, folder, file, title, x, y, upper: 1, file == RocCurve ? Alignment.LowerRight : Alignment.UpperRight);
    }

    private static void CalibrationPlot(string folder, Evaluation model, Evaluation baseline)
    {
        var plot = new Plot();
        var top = 0.0;
        foreach (var e in new[] { model, baseline })
        {
            var bins = Curves.Calibration(e.TestScores);
            var scatter = plot.Add.Scatter(bins.Select(b => b.Predicted).ToArray(), bins.Select(b => b.Observed).ToArray());
            scatter.LegendText = $"{e.Model.Trained.Candidate.Name} (Brier {e.Test.Brier:F4})";
            scatter.MarkerSize = 7;
            top = Math.Max(top, bins.Max(b => Math.Max(b.Predicted, b.Observed)));
        }

        top = Math.Min(1, Math.Max(0.05, top * 1.1));
        var diagonal = plot.Add.ScatterLine(new[] { 0, top }, new[] { 0, top });
        diagonal.LegendText = "perfectly calibrated";
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        Finish(plot, folder, Calibration, "Calibration on test (deciles of score)", "Mean predicted probability", "Observed purchase rate", top, Alignment.UpperLeft);
    }

    private static void ImportancePlot(string folder, Evaluation model, IReadOnlyList<(string Feature, double Share)> importance)
    {
        var top = importance.Take(15).Reverse().ToArray();
        var plot = new Plot();
        var bars = plot.Add.Bars(top.Select(f => f.Share * 100).ToArray());
        bars.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, top.Length).Select(i => (double)i)], [.. top.Select(f => f.Feature)]);
        plot.Axes.Margins(left: 0);
        plot.Title($"Feature importance: {model.Model.Trained.Candidate.Name}");
        plot.XLabel("Share of total importance (%)");
        plot.SavePng(Path.Combine(folder, Importance), Width, Height);
    }

    private static void Finish(Plot plot, string folder, string file, string title, string x, string y, double upper, Alignment legend)
    {
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Axes.SetLimits(0, upper, 0, upper);
        plot.ShowLegend(legend);
        plot.SavePng(Path.Combine(folder, file), Width, Height);
    }
}
