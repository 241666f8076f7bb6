using ClickPredict.Features;
using ClickPredict.Monitoring;
using ClickPredict.Registry;
using ClickPredict.Storage;
using ClickPredict.Tests.Features;
using ClickPredict.Training;

namespace ClickPredict.Tests.Monitoring;

/// <summary>
/// Two generated lakes from one seed, the second with every price × 1.5 (nothing else differs), run to
/// gold once per test class, and a logistic-regression champion trained on the first.
/// </summary>
public sealed class DriftLakes : IDisposable
{
    public const int Seed = 33;

    public DriftLakes()
    {
        Normal = FeatureLake.Generated(events: 60_000, seed: Seed);
        Normal.Build();
        Pricier = FeatureLake.Generated(events: 60_000, seed: Seed, priceFactor: 1.5);
        Pricier.Build();
        Registry = new ModelRegistry(Path.Combine(Normal.Folder, "models"));
        var options = new TrainOptions { Candidates = [.. Candidate.All.Where(c => c.Name == "logistic-regression/none")] };
        ModelRegistration.Register(Registry, new ModelTrainer(Normal.Lake, options).Run(), options);
        Card = Registry.Card(TrainOptions.DefaultModelName, 1);
    }

    internal FeatureLake Normal { get; }

    internal FeatureLake Pricier { get; }

    internal ModelRegistry Registry { get; }

    internal ModelCard Card { get; }

    /// <summary>Copies the <paramref name="lake"/>'s examples in the model's training window to one Parquet file, as a prediction log would hold them.</summary>
    internal string TrainWindowFile(FeatureLake lake, string name)
    {
        var path = Path.Combine(Normal.Folder, name);
        using var db = DuckDb.Open(lake.Lake.Spill);
        db.Execute(
            $"COPY (SELECT * FROM read_parquet($files) WHERE session_start >= $from AND session_start < $to) TO {DuckDb.Literal(path)} (FORMAT parquet)",
            ("files", lake.Gold.ExamplesPaths(lake.Lake).ToArray()), ("from", Card.Data.Train.From), ("to", Card.Data.Train.To));
        return path;
    }

    /// <summary>
    /// All of <paramref name="lake"/>'s gold in (session, cut) order, so samples drawn by row number are the
    /// same rows in every run (gold itself is written unordered).
    /// </summary>
    internal FeatureColumns OrderedGold(FeatureLake lake)
    {
        var path = Path.Combine(lake.Folder, "ordered-gold.parquet");
        if (!File.Exists(path))
        {
            using var db = DuckDb.Open(lake.Lake.Spill);
            db.Execute($"COPY (SELECT * FROM read_parquet($files) ORDER BY session_key, cut_k) TO {DuckDb.Literal(path)} (FORMAT parquet)",
                ("files", lake.Gold.ExamplesPaths(lake.Lake).ToArray()));
        }

        return ColumnLoader.Files(lake.Lake, path, FeatureCatalog.Names).Columns;
    }

    public void Dispose()
    {
        Normal.Dispose();
        Pricier.Dispose();
    }
}
