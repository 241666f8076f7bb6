using System.Text.Json.Nodes;

namespace ClickPredict.Cli.Tests;

public class DriftCommandTests
{
    [Fact]
    public void Drift_of_the_training_window_against_itself_prints_none_writes_json_and_explains_an_empty_default_window()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliProcess.Run(temp.Path, "generate", "--events", "30000", "--seed", "8", "--out", "gen").ExitCode);
        Assert.Equal(0, CliProcess.Run(temp.Path, "ingest", "--source", "canonical", "--input", "gen", "--lake", "lake").ExitCode);
        Assert.Equal(0, CliProcess.Run(temp.Path, "sessionize", "--lake", "lake").ExitCode);
        Assert.Equal(0, CliProcess.Run(temp.Path, "features", "--lake", "lake").ExitCode);
        var train = CliProcess.Run(temp.Path, "train", "--lake", "lake", "--trainers", "logistic-regression", "--strategies", "none");
        Assert.True(train.ExitCode == 0, train.All);
        var window = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "models", "clickpredict", "1", "model.json")))!["data"]!["train"]!;

        var same = CliProcess.Run(temp.Path, "drift", "--lake", "lake", "--current-from", (string)window["from"]!, "--current-to", (string)window["to"]!,
            "--json", "drift.json", "--fail-on-drift");
        var after = CliProcess.Run(temp.Path, "drift", "--lake", "lake");
        var both = CliProcess.Run(temp.Path, "drift", "--lake", "lake", "--current", "x.parquet", "--current-to", "2024-01-01");

        Assert.True(same.ExitCode == 0, same.All);
        Assert.Contains("Verdict: none — 0 of 34 features drifted (0 %), score PSI 0", same.Output, StringComparison.Ordinal);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "drift.json")))!;
        Assert.Equal("none", (string?)json["verdict"]);
        Assert.Equal(0.0, (double)json["driftedFeatureShare"]!);
        Assert.Equal(0.0, (double)json["scorePsi"]!);
        Assert.Equal(34, json["features"]!.AsArray().Count);
        Assert.Equal((int)window["examples"]!, (int)json["current"]!["rows"]!);
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("after clickpredict v1's test window", after.Output, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
    }
}
