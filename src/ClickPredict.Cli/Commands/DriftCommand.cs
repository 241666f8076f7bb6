using System.CommandLine;
using System.Globalization;
using ClickPredict.Monitoring;
using ClickPredict.Registry;
using ClickPredict.Storage;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

internal static class DriftCommand
{
    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var models = CliOptions.Models();
        var model = new Option<string>("--model") { Description = "<name>@<alias|version> whose training window is the reference.", DefaultValueFactory = _ => "clickpredict@champion" };
        var current = new Option<string?>("--current")
        {
            Description = "Parquet file(s) (a glob) with columns named like the features and optionally score, e.g. the API's prediction log. Default: the lake's examples after the model's test window.",
            HelpName = "glob",
        };
        var from = new Option<DateTime?>("--current-from")
        {
            Description = "Current window = the lake's examples whose sessions start from here (UTC). Default: the end of the model's test window. " +
                "With --current (a prediction log), the rows logged from here on.",
        };
        var to = new Option<DateTime?>("--current-to") { Description = "End of the current window (UTC, exclusive). Default: no end." };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file.", HelpName = "file" };
        var fail = new Option<bool>("--fail-on-drift") { Description = $"Exit with code {ExitCodes.MonitoringAlert} when the verdict is drift." };
        var command = new Command("drift", "Compare a model's training window with a current window: PSI and KS or Wasserstein per feature, score PSI, and a verdict.")
        {
            model, lake, models, current, from, to, json, fail,
        };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(current) is not null && parsed.GetValue(to) is not null)
            {
                throw new UsageException("--current takes files, which --current-from can narrow to the rows logged from a time on; --current-to picks the end of a window of the lake's examples. Give one or the other.");
            }

            var request = new DriftRequest
            {
                Model = parsed.GetRequiredValue(model),
                CurrentFiles = parsed.GetValue(current),
                CurrentFrom = IngestCommand.AsUtc(parsed.GetValue(from)),
                CurrentTo = IngestCommand.AsUtc(parsed.GetValue(to)),
            };
            var theLake = new Lake(parsed.GetRequiredValue(lake));
            var report = DriftMonitor.Run(theLake, new ModelRegistry(parsed.GetRequiredValue(models)), request);
            Print(AnsiConsole.Console, report);
            DriftLog.Write(theLake, report);
            if (parsed.GetValue(json) is { } path)
            {
                JsonManifest.Write(path, report, ManifestJson.Default.DriftReport);
                AnsiConsole.MarkupLineInterpolated($"Wrote {Path.GetFullPath(path)}");
            }

            return report.Verdict == DriftStatus.Drift && parsed.GetValue(fail) ? ExitCodes.MonitoringAlert : ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, DriftReport r)
    {
        console.MarkupLineInterpolated($"Reference: {r.Reference.Description}, {Window(r.Reference)}");
        console.MarkupLineInterpolated($"Current:   {r.Current.Description}, {Window(r.Current)}");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("feature", "status", "PSI", "method", "distance", "p-value", "reference mean", "current mean");
        foreach (var f in r.Features.OrderByDescending(f => f.Status).ThenByDescending(f => f.Psi).Append(r.Score).OfType<FeatureDrift>())
        {
            table.AddRow(ReferenceEquals(f, r.Score) ? "[bold]score[/]" : Markup.Escape(f.Feature), Status(f.Status), F(f.Psi), f.Method,
                F(f.Distance), f.PValue is { } p ? p.ToString("0.####", CultureInfo.InvariantCulture) : "-", F(f.ReferenceMean), F(f.CurrentMean));
        }

        console.Write(table);
        foreach (var note in r.Notes)
        {
            console.MarkupLineInterpolated($"[grey]Note: {note}[/]");
        }

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Verdict: {Status(r.Verdict)} — {r.DriftedFeatures} of {r.Features.Count} features drifted ({r.DriftedFeatureShare:P0}), score PSI {(r.ScorePsi is { } s ? F(s) : "n/a")}; {r.Seconds:F1} s."));
    }

    private static string Window(DriftWindow w)
    {
        var span = (w.From, w.To) switch
        {
            ({ } f, { } t) => string.Create(CultureInfo.InvariantCulture, $"sessions from {f:yyyy-MM-dd HH:mm} to {t:yyyy-MM-dd HH:mm}, "),
            ({ } f, null) => string.Create(CultureInfo.InvariantCulture, $"sessions from {f:yyyy-MM-dd HH:mm}, "),
            _ => "",
        };
        return span + string.Create(CultureInfo.InvariantCulture, $"{w.Rows:N0} rows");
    }

    private static string Status(DriftStatus status) => status switch
    {
        DriftStatus.Drift => "[red]drift[/]",
        DriftStatus.Warn => "[yellow]warn[/]",
        _ => "[green]none[/]",
    };

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
