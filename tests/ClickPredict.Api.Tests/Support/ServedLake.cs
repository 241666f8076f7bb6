using ClickPredict.Registry;
using ClickPredict.Storage;
using ClickPredict.Tests.Features;
using ClickPredict.Training;

namespace ClickPredict.Api.Tests.Support;

/// <summary>
/// A generated lake run through the real pipeline to gold, with two small models registered:
/// v1 (LightGBM, class weights) as champion and v2 (logistic regression) as challenger.
/// </summary>
internal sealed class ServedLake : IDisposable
{
    public const string ModelName = TrainOptions.DefaultModelName;

    public ServedLake()
    {
        Features = FeatureLake.Generated(events: 40_000, seed: 21);
        Features.Build();
        Registry = new ModelRegistry(Path.Combine(Features.Folder, "models"));
        Register("lightgbm/class-weights");
        Register("logistic-regression/none");
        Registry.SetAlias(ModelName, ModelAliases.Champion, 1, "test fixture: tree model serves", "tests");
        Registry.SetAlias(ModelName, ModelAliases.Challenger, 2, "test fixture: linear model challenges", "tests");
    }

    public FeatureLake Features { get; }

    public ModelRegistry Registry { get; }

    public string PredictionLog => Path.Combine(Features.Folder, "predictions");

    /// <summary>A copy of the lake in <paramref name="folder"/>, for a test that writes to it (the models stay shared).</summary>
    public Lake CopyTo(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(Features.Lake.Root, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(Features.Lake.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return new Lake(folder);
    }

        private void Register(string candidate)
    {
        var options = new TrainOptions
        {
            Iterations = 40,
            MinExamplesPerLeaf = 20,
            Candidates = [.. Candidate.All.Where(c => c.Name == candidate)],
        };
        ModelRegistration.Register(Registry, new ModelTrainer(Features.Lake, options).Run(), options);
    }

    public void Dispose() => Features.Dispose();
}
