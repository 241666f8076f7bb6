using System.Diagnostics;
using ClickPredict.Features;
using ClickPredict.Registry;
using ClickPredict.Storage;
using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Monitoring;

/// <summary>Drift of a registered model's inputs and scores: loads both windows, scores them, and applies <see cref="DriftDetector"/>.</summary>
internal static class DriftMonitor
{
    public static DriftReport Run(Lake lake, ModelRegistry registry, DriftRequest request)
    {
        var watch = Stopwatch.StartNew();
        var timer = new StepTimer();
        var (name, version) = registry.Resolve(request.Model);
        var ml = new MLContext(0);
        var model = RegisteredModel.Load(ml, registry, name, version);
        var card = model.Card;
        var label = $"{name} v{version}";
        var gold = FeaturesManifest.Load(lake)
            ?? throw new MonitoringException($"The lake at {lake.Root} has no gold examples, so {label}'s training window cannot be read; run `clickpredict features --lake {lake.Root}`.");
        if (gold.FeatureSetVersion != card.FeatureSetVersion)
        {
            throw new MonitoringException(
                $"The lake's gold was built with feature set {gold.FeatureSetVersion}, but {label} was trained on {card.FeatureSetVersion}: " +
                "its training window cannot be rebuilt from this gold and the features would not mean the same. " +
                "Compare a model trained on this gold, or rebuild gold with the feature code the model was trained with.");
        }

        timer.Lap("load the model");
        var notes = new List<string>();
        var reference = Reference(lake, gold, model, label, request, notes, timer);
        var (current, currentWindow) = Current(lake, gold, card, request, notes);
        timer.Lap("load the current window");
        current = ScoreCurrent(model, label, current, notes, timer);
        var (features, score) = DriftDetector.Compare(reference, current, request.Thresholds);
        timer.Lap("compare");
        var train = card.Data.Train;
        return new DriftReport
        {
            Model = $"{name}@{version}",
            FeatureSetVersion = card.FeatureSetVersion,
            ComputedAt = DateTimeOffset.UtcNow,
            Reference = new DriftWindow($"{label}'s training window (gold)", train.From, train.To, reference.Rows),
            Current = currentWindow,
            Features = features,
            Score = score,
            DriftedFeatures = features.Count(f => f.Status == DriftStatus.Drift),
            DriftedFeatureShare = DriftDetector.DriftedShare(features),
            Verdict = DriftDetector.Verdict(features, score, request.Thresholds),
            Thresholds = request.Thresholds,
            Notes = notes,
            Seconds = watch.Elapsed.TotalSeconds,
            StepSeconds = timer.Laps.GroupBy(l => l.Step).ToDictionary(g => g.Key, g => g.Sum(l => l.Elapsed.TotalSeconds)),
        };
    }

    /// <summary>The model's training window from today's gold (sampled to the budget), with the model's scores on evenly spaced rows.</summary>
    private static FeatureColumns Reference(Lake lake, FeaturesManifest gold, RegisteredModel model, string label, DriftRequest request, List<string> notes, StepTimer timer)
    {
        var card = model.Card;
        var train = card.Data.Train;
        var reference = ColumnLoader.GoldWindow(lake, gold.ExamplesPaths(lake), card.Features, train.From, train.To);
        if (reference.Of > reference.Rows)
        {
            notes.Add($"The training window holds {reference.Of:N0} examples now; drift compares a uniform sample of {reference.Rows:N0} of them.");
        }

        if (reference.Rows == 0)
        {
            throw new MonitoringException($"The lake's gold holds no examples in {label}'s training window ({Stamp(train.From)} to {Stamp(train.To)}).");
        }

        timer.Lap("load the reference");
        if (gold.BuildId != card.Data.GoldBuildId)
        {
            notes.Add($"The reference is rebuilt from gold build {gold.BuildId}; {label} was trained on build {card.Data.GoldBuildId} " +
                $"({train.Examples:N0} examples then, {reference.Rows:N0} in the same window now).");
        }

        var scored = reference.EvenlySpacedRows(request.MaxScoredReferenceRows);
        reference = reference with { Scores = Score(model, reference, scored) };
        if (scored.Count < reference.Rows)
        {
            notes.Add($"The reference's scores come from {scored.Count:N0} evenly spaced rows of its {reference.Rows:N0}.");
        }

        timer.Lap("score the reference");
        return reference;
    }

    /// <summary>
    /// The current window's scores: logged rows keep the probability they were answered with when this model
    /// answered them, the others are scored again; gold rows are scored; files without every feature have none.
    /// </summary>
    private static FeatureColumns ScoreCurrent(RegisteredModel model, string label, FeatureColumns current, List<string> notes, StepTimer timer)
    {
        var card = model.Card;
        if (current.Scores is { } logged && card.Features.All(current.Names.Contains))
        {
            var others = Enumerable.Range(0, current.Rows).Where(r => float.IsNaN(logged[r])).ToList();
            if (others.Count > 0)
            {
                var rescored = Score(model, current, others);
                for (var i = 0; i < others.Count; i++)
                {
                    logged[others[i]] = rescored[i];
                }

                notes.Add($"{others.Count:N0} of {current.Rows:N0} logged rows were answered by another model; {label} scored them again.");
                timer.Lap("score the current window");
            }
        }
        else if (current.Scores is null && card.Features.All(current.Names.Contains))
        {
            current = current with { Scores = Score(model, current, current.EvenlySpacedRows(current.Rows)) };
            timer.Lap("score the current window");
        }
        else if (current.Scores is null)
        {
            notes.Add("The current files have no score column and not every feature, so score drift is not computed.");
        }

        return current;
    }

    private static (FeatureColumns Columns, DriftWindow Window) Current(Lake lake, FeaturesManifest gold, ModelCard card, DriftRequest request, List<string> notes)
    {
        if (request.CurrentFiles is { } glob)
        {
            var since = request.CurrentFrom;
            var (columns, missing, skipped) = ColumnLoader.Files(lake, glob, card.Features, (card.Name, card.Version), since);
            if (skipped > 0)
            {
                notes.Add($"Skipped {skipped:N0} logged rows whose probability is not a number in [0, 1].");
            }

            if (missing.Count > 0)
            {
                notes.Add($"The current files lack {missing.Count} of the model's features, which are not compared: {string.Join(", ", missing)}.");
            }

            if (columns.Of > columns.Rows)
            {
                notes.Add($"The current files hold {columns.Of:N0} rows; drift compares the newest files', {columns.Rows:N0} rows.");
            }

            return columns.Rows == 0
                ? throw new MonitoringException(since is { } start ? $"{glob} holds no rows logged from {Stamp(start)} on." : $"{glob} holds no rows.")
                : (columns, new DriftWindow(since is null ? $"files {glob}" : $"files {glob}, rows logged from {Stamp(since.Value)}", since, null, columns.Rows));
        }

        var from = request.CurrentFrom ?? card.Data.Test.To;
        var to = request.CurrentTo ?? DateTime.MaxValue;
        var current = ColumnLoader.GoldWindow(lake, gold.ExamplesPaths(lake), card.Features, from, to);
        if (current.Rows == 0)
        {
            throw new MonitoringException(
                $"The lake's gold holds no examples from {Stamp(from)}{(request.CurrentTo is { } t ? $" to {Stamp(t)}" : "")}" +
                (request.CurrentFrom is null ? $" (after {card.Name} v{card.Version}'s test window)" : "") +
                "; ingest newer events and rebuild features, or pass --current-from or --current <files>.");
        }

        return (current, new DriftWindow(request.CurrentFrom is null ? "after the test window (gold)" : "gold window", from, request.CurrentTo, current.Rows));
    }

    private static float[] Score(RegisteredModel model, FeatureColumns columns, IReadOnlyList<int> rows)
    {
        var names = model.Card.Features;
        var table = new ExampleTable(names, columns.RowMajor(names, rows), new bool[rows.Count], new long[rows.Count], new int[rows.Count]);
        return [.. model.Score(table).Select(s => (float)s)];
    }

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
