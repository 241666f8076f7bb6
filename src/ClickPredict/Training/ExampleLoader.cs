using ClickPredict.Features;
using ClickPredict.Registry;
using ClickPredict.Storage;

namespace ClickPredict.Training;

/// <summary>Reads the committed gold examples into an <see cref="ExampleTable"/>.</summary>
internal static class ExampleLoader
{
    /// <summary>The live gold of <paramref name="lake"/>, checked against the feature definitions this build computes.</summary>
    public static (ExampleTable Examples, FeaturesManifest Gold) Load(Lake lake)
    {
        var gold = Gold(lake);
        if (gold.FeatureSetVersion != FeatureSetVersion.Current)
        {
            throw new TrainingException(
                $"Gold was built with feature set {gold.FeatureSetVersion}, but this build computes {FeatureSetVersion.Current}; " +
                $"run `clickpredict features --lake {lake.Root}` again so training and serving use the same definitions.");
        }

        return (Read(lake, gold.ExamplesPaths(lake), [.. gold.Features.Select(f => f.Name)]), gold);
    }

    /// <summary>
    /// The gold examples of a registered model's window, read with the model's own features: sessions starting
    /// from <paramref name="from"/> to <paramref name="to"/> (inclusive; null: the newest). Gold of another
    /// feature set is refused, saying why. The one rule for `evaluate` and the dashboard's reference scores.
    /// </summary>
    public static (ExampleTable Examples, FeaturesManifest Gold) ModelWindow(Lake lake, ModelCard card, DateTime from, DateTime? to)
    {
        var gold = Gold(lake);
        if (gold.FeatureSetVersion != card.FeatureSetVersion)
        {
            throw new TrainingException(
                $"{card.Name} v{card.Version} was trained on feature set {card.FeatureSetVersion}, but the lake's gold is {gold.FeatureSetVersion}; it cannot be scored on these examples.");
        }

        var examples = Read(lake, gold.ExamplesPaths(lake), card.Features);
        var start = examples.FirstAtOrAfter(EpochMicros.Of(from));
        var end = to is { } last ? examples.FirstAtOrAfter(EpochMicros.Of(last) + 1) : examples.Count;
        return (examples.Slice(start, end - start), gold);
    }

    private static FeaturesManifest Gold(Lake lake) => FeaturesManifest.Load(lake)
        ?? throw new TrainingException($"The lake at {lake.Root} has no features yet; run `clickpredict features --lake {lake.Root}` first.");

    public static ExampleTable Read(Lake lake, IReadOnlyList<string> files, IReadOnlyList<string> featureNames)
    {
        using var db = DuckDb.Open(lake.Spill);
        var sql = DuckDb.Sql("Training/Sql/examples.sql")
            .Replace("/* features */", string.Join(", ", featureNames.Select(DuckDb.Identifier)), StringComparison.Ordinal);
        var rows = checked((int)db.Scalar<long>("SELECT count(*) FROM read_parquet($files)", ("files", files.ToArray())));
        var features = new float[rows * featureNames.Count];
        var labels = new bool[rows];
        var starts = new long[rows];
        var sessions = new int[rows];
        using var reader = db.Query(sql, ("files", files.ToArray()));
        var row = 0;
        var session = -1;
        string? previousKey = null;
        while (reader.Read())
        {
            starts[row] = reader.GetInt64(0);
            var key = reader.GetString(1);
            if (!string.Equals(key, previousKey, StringComparison.Ordinal))
            {
                session++;
                previousKey = key;
            }

            sessions[row] = session;
            labels[row] = reader.GetBoolean(2);
            var offset = row * featureNames.Count;
            for (var f = 0; f < featureNames.Count; f++)
            {
                features[offset + f] = (float)reader.GetDouble(3 + f);
            }

            row++;
        }

        return new ExampleTable(featureNames, features, labels, starts, sessions);
    }
}
