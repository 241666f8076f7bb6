using ClickPredict.Api.Serving;
using ClickPredict.Events.Quality;
using ClickPredict.Monitoring;
using ClickPredict.Registry;
using ClickPredict.Training;
using static ClickPredict.Api.Dashboard.HtmlBuilder;

namespace ClickPredict.Api.Dashboard;

/// <summary>
/// The dashboard as one HTML document: no script, no external resource, charts as inline SVG or the
/// registry's own PNGs; a meta refresh reloads it every <see cref="RefreshSeconds"/> seconds.
/// </summary>
internal static class DashboardPage
{
    public const int RefreshSeconds = 10;

    public static string Render(DashboardView view)
    {
        var html = new HtmlBuilder()
            .Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw($"<meta http-equiv=\"refresh\" content=\"{RefreshSeconds}\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">")
            .Raw("<title>").Text($"ClickPredict dashboard: {view.ModelName}").Raw("</title>")
            .Raw(DashboardStyle.Css)
            .Raw("</head><body>")
            .Open("header").Element("h1", $"ClickPredict: {view.ModelName}")
            .Element("p", $"Rendered {Stamp(view.Now)}; refreshes every {RefreshSeconds} s. " +
                (view.State is { } s ? $"Serving since {Stamp(s.LoadedAt)}, online snapshot {s.Snapshot.BuildId}." : "No model is loaded: /health/ready fails until a reload succeeds."), "muted")
            .Close("header").Open("main");
        if (view.State is { } state)
        {
            ModelCardSection(html, state.Champion);
            PlotsSection(html, state.Champion);
            ComparisonSection(html, state);
        }

        RejectedSection(html, view.Rejected);

        TrafficSection(html, view);
        ScoresSection(html, view);
        DriftSection(html, view.Monitoring.Drift);
        IngestsSection(html, view.Monitoring.Ingests);
        return html.Close("main").Raw("</body></html>").ToString();
    }

    private static void ModelCardSection(HtmlBuilder html, LoadedModel champion)
    {
        var card = champion.Card;
        var data = card.Data;
        Section(html, "model-card", $"Champion: {card.Name} v{card.Version}")
            .Table(["", ""],
            [
                ["trainer / strategy", card.Candidate],
                ["threshold", $"{F(card.Threshold.Value, 4)}, tuned on validation for {card.Threshold.Description}"],
                ["trained", Stamp(card.CreatedAt)],
                ["data windows (session start)", $"train {Window(data.Train)}; validation {Window(data.Validation)}; test {Window(data.Test)}"],
                ["gold build / fingerprint", $"{data.GoldBuildId} / {data.Fingerprint}"],
                ["feature set", $"{card.FeatureSetVersion} ({card.Features.Count} features)"],
                ["seed / commit / MLflow run", $"{card.Seed} / {card.GitCommit ?? "-"} / {card.MlflowRunId ?? "-"}"],
            ], "card")
            .Table(["test metric", card.Candidate, $"baseline {card.Baseline.Candidate}"],
            [
                ["PR-AUC (primary)", F(card.Test.PrAuc), F(card.Baseline.Test.PrAuc)],
                ["ROC-AUC", F(card.Test.RocAuc), F(card.Baseline.Test.RocAuc)],
                ["Brier score", F(card.Test.Brier, 5), F(card.Baseline.Test.Brier, 5)],
                ["threshold", F(card.Threshold.Value, 4), F(card.Baseline.Threshold, 4)],
                [$"objective: {card.Threshold.Objective}", F(card.Threshold.TestObjectiveValue), F(card.Baseline.TestObjectiveValue)],
            ], "card-metrics")
            .Close("section");
    }

    private static void PlotsSection(HtmlBuilder html, LoadedModel champion)
    {
        var folder = $"/dashboard/models/{champion.Version}/";
        Section(html, "champion-plots", "Champion on its test window")
            .Open("div", cssClass: "plots")
            .Open("figure").Image(folder + ReportPlots.PrCurve, "Precision-recall curve on test, model and baseline").Element("figcaption", "Precision–recall on test").Close("figure")
            .Open("figure").Image(folder + ReportPlots.Calibration, "Calibration on test by score decile").Element("figcaption", "Calibration on test (deciles of score)").Close("figure")
            .Close("div").Close("section");
    }

    private static void RejectedSection(HtmlBuilder html, IReadOnlyList<ModelCard> rejected)
    {
        if (rejected.Count == 0)
        {
            return;
        }

        Section(html, "rejected", "Rejected at training (never served)");
        html.Table(["version", "candidate", "trained", "why"],
            [.. rejected.Select(c => (IReadOnlyList<string>)[$"v{c.Version}", c.Candidate, Stamp(c.CreatedAt), c.Rejected!])], "rejected");
        html.Close("section");
    }

    private static void ComparisonSection(HtmlBuilder html, ServingState state)
    {
        Section(html, "champion-vs-challenger", "Champion vs challenger");
        if (state.Challenger is not { } challenger)
        {
            html.Element("p", "No challenger: every version trained since lost to the champion, or none was trained.", "placeholder").Close("section");
            return;
        }

        ModelCard a = state.Champion.Card, b = challenger.Card;
        html.Table(["", $"champion v{a.Version}", $"challenger v{b.Version}"],
        [
            ["trainer / strategy", a.Candidate, b.Candidate],
            ["trained", Stamp(a.CreatedAt), Stamp(b.CreatedAt)],
            ["threshold", F(a.Threshold.Value, 4), F(b.Threshold.Value, 4)],
            ["test PR-AUC", F(a.Test.PrAuc), F(b.Test.PrAuc)],
            ["test ROC-AUC", F(a.Test.RocAuc), F(b.Test.RocAuc)],
            ["test Brier", F(a.Test.Brier, 5), F(b.Test.Brier, 5)],
            ["precision / recall at threshold", $"{F(a.Test.AtThreshold.Precision)} / {F(a.Test.AtThreshold.Recall)}", $"{F(b.Test.AtThreshold.Precision)} / {F(b.Test.AtThreshold.Recall)}"],
            ["test window", Window(a.Data.Test), Window(b.Data.Test)],
            ["gold build", a.Data.GoldBuildId, b.Data.GoldBuildId],
        ], "comparison");
        if (a.Data.Test != b.Data.Test || a.Data.GoldBuildId != b.Data.GoldBuildId)
        {
            html.Element("p", "The two were tested on different windows or gold builds: their metrics do not compare directly.", "warning");
        }

        html.Close("section");
    }

    private static void TrafficSection(HtmlBuilder html, DashboardView view)
    {
        var t = view.Traffic;
        string Ms(double? ms) => ms is { } v ? $"{F(v, 1)} ms" : "-";
        Section(html, "live-traffic", $"Live traffic since {Stamp(view.ListeningSince)}")
            .Table(["prediction requests", "per second (last minute)", "p50", "p95", "p99", "5xx"],
                [[N(t.Requests), F(t.PerSecond, 2), Ms(t.P50Ms), Ms(t.P95Ms), Ms(t.P99Ms), N(t.ServerErrors)]], "traffic")
            .Element("p", $"Latency is the server's time per /v1/predictions request (single and batch), over the latest {N(t.Sampled)} of them (at most {N(LiveTraffic.Kept)}).", "muted");
        var total = view.Decisions.Sum(d => d.Count);
        if (total == 0)
        {
            html.Element("p", "No session scored yet.", "placeholder");
        }
        else
        {
            html.Table(["alias", "decision", "sessions", "share"],
                view.Decisions.Select(d => (IReadOnlyList<string>)[d.Alias, d.Decision, N(d.Count), P((double)d.Count / total)]), "decisions");
        }

        html.Close("section");
    }

    private static void ScoresSection(HtmlBuilder html, DashboardView view)
    {
        Section(html, "score-distribution", "Score distribution: today vs training");
        if (view.State is not { } state)
        {
            html.Element("p", "No model loaded.", "placeholder").Close("section");
            return;
        }

        var reference = view.Reference is { } r
            ? $"Training: champion v{state.Champion.Version}'s scores on its test window ({Stamp(r.From)} to {Stamp(r.To)}, {N(r.Scores.Total)} examples" +
              (r.SameGold ? ")." : $", re-read from gold build {r.GoldBuildId}, not the one it was trained on).")
            : "Training: the champion's test-window scores are being computed (or the lake cannot give them; see the log).";
        var today = view.PredictionLogFolder is null
            ? "Today: the prediction log is off (PredictionLog:Folder is empty)."
            : $"Today (UTC): {N(view.Today.Total)} scores by champion v{state.Champion.Version} in {view.TodayFiles} finished prediction-log file{(view.TodayFiles == 1 ? "" : "s")}; rows still buffered or in the file being written are not counted yet.";
        html.Element("p", today).Element("p", reference);
        if (view.ScoreChartSvg is { } svg)
        {
            html.Open("div", "score-chart", "chart").Raw(svg).Close("div");
        }

        html.Close("section");
    }

    private static void DriftSection(HtmlBuilder html, DriftReport? drift)
    {
        Section(html, "drift", "Drift");
        if (drift is null)
        {
            html.Open("p", cssClass: "placeholder").Text("Not computed yet: run ").Element("code", "clickpredict drift").Text(".").Close("p").Close("section");
            return;
        }

        html.Element("p", $"{drift.Verdict.ToString().ToLowerInvariant()}: {P(drift.DriftedFeatureShare)} of features drifted, score PSI {F(drift.ScorePsi ?? double.NaN)}; " +
                $"{Described(drift.Reference)} vs {Described(drift.Current)}, computed {Stamp(drift.ComputedAt)}.")
            .Table(["feature", "PSI", "distance", "value", "drifted"],
                drift.Features.Select(f => (IReadOnlyList<string>)[f.Feature, F(f.Psi), f.Method, F(f.Distance), f.Status == DriftStatus.Drift ? "yes" : "no"]), "drift-table")
            .Close("section");
    }

    private static void IngestsSection(HtmlBuilder html, IReadOnlyList<IngestQuality>? ingests)
    {
        Section(html, "ingests", "Recent ingests and their quality");
        if (ingests is null)
        {
            html.Open("p", cssClass: "placeholder").Text("Not computed yet: run ").Element("code", "clickpredict quality").Text(".").Close("p").Close("section");
            return;
        }

        html.Table(["source", "ingested", "read", "accepted", "quarantined", "duplicates", "row count change", "alerts"],
            ingests.Select(i => (IReadOnlyList<string>)[i.Source, Stamp(i.At), N(i.Rows.Read), N(i.Rows.Accepted), N(i.Rows.Quarantined), P(i.DuplicateRate),
                i.RowCountChange is { } c ? P(c) : "-", i.Alerts.Count == 0 ? "none" : string.Join("; ", i.Alerts.Select(a => a.Message))]), "ingest-table")
            .Close("section");
    }

    private static string Described(DriftWindow window) => $"{window.Description} ({N(window.Rows)} rows)";

    private static HtmlBuilder Section(HtmlBuilder html, string id, string title) => html.Open("section", id).Element("h2", title);

    private static string Window(WindowSummary w) => $"{Stamp(w.From)} to {Stamp(w.To)} ({N(w.Examples)} examples)";
}
