using ScottPlot;

namespace ClickPredict.Api.Dashboard;

/// <summary>
/// The score-distribution chart as inline SVG, drawn by ScottPlot on the server: share of scores per
/// bin, today's traffic next to the training reference, the threshold as a vertical line. The last
/// drawing is kept: on a quiet server the histograms do not change between refreshes.
/// </summary>
internal sealed class ScoreChart
{
    private const int Width = 720;
    private const int Height = 300;
    private readonly Lock drawing = new();
    private (string Key, string Svg)? last;

    public string Svg(ScoreHistogram today, ScoreHistogram? reference, string todayLabel, string referenceLabel, double threshold)
    {
        var key = string.Join(',', today.Counts) + "|" + string.Join(',', reference?.Counts ?? []) + "|" + todayLabel + "|" + referenceLabel + "|" + threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        lock (drawing)
        {
            if (last is { } cached && cached.Key == key)
            {
                return cached.Svg;
            }

            var svg = Draw(today, reference, todayLabel, referenceLabel, threshold);
            last = (key, svg);
            return svg;
        }
    }

    private static string Draw(ScoreHistogram today, ScoreHistogram? reference, string todayLabel, string referenceLabel, double threshold)
    {
        var plot = new Plot();
        const double width = 1.0 / ScoreHistogram.Bins;
        Series(plot, reference, referenceLabel, width, -width / 4, Colors.Gray);
        Series(plot, today, todayLabel, width, width / 4, Colors.SteelBlue);
        var line = plot.Add.VerticalLine(threshold);
        line.LegendText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"threshold {threshold:F3}");
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.DarkRed;
        plot.XLabel("Predicted purchase probability");
        plot.YLabel("Share of scores");
        plot.Axes.SetLimitsX(0, 1);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        var svg = plot.GetSvgXml(Width, Height);
        // Inline in HTML: no XML declaration, and a viewBox so the chart scales to its section's width.
        var root = svg.IndexOf("<svg", StringComparison.Ordinal);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" ") + svg[(root + 5)..].Trim();
    }

    private static void Series(Plot plot, ScoreHistogram? histogram, string label, double width, double offset, Color color)
    {
        if (histogram is null || histogram.Total == 0)
        {
            return;
        }

        var shares = histogram.Shares();
        var bars = plot.Add.Bars(
            [.. Enumerable.Range(0, ScoreHistogram.Bins).Select(i => (i + 0.5) * width + offset)], shares);
        foreach (var bar in bars.Bars)
        {
            bar.Size = width / 2;
            bar.FillColor = color;
            bar.LineColor = color;
        }

        bars.LegendText = label;
    }
}
