using ClickPredict.Training;
using Microsoft.ML;

namespace ClickPredict.Registry;

/// <summary>A registered version loaded for scoring: the ML.NET model and its card.</summary>
internal sealed record RegisteredModel(ModelCard Card, ITransformer Model)
{
    public static RegisteredModel Load(MLContext ml, ModelRegistry registry, string name, int version)
    {
        var card = registry.Card(name, version);
        var path = Path.Combine(registry.VersionFolder(name, version), ModelRegistry.ModelFile);
        try
        {
            return new RegisteredModel(card, ml.Model.Load(path, out _));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or IOException)
        {
            throw new RegistryException($"{path} cannot be loaded as an ML.NET model: {e.Message}", e);
        }
    }

    /// <summary>Corrected probabilities for every row of <paramref name="table"/>, as training scored them.</summary>
    public double[] Score(ExampleTable table) => BatchScorer.Score(Model, Card.Correction(), table);
}
