using ClickPredict.Registry;
using ClickPredict.Tests.Features;
using ClickPredict.Training;

namespace ClickPredict.Tests.Registry;

/// <summary>
/// A generated lake run through the real pipeline to gold once per test class, with small, fast
/// training options; each test gets its own registry folder.
/// </summary>
public sealed class TrainedLake : IDisposable
{
    public TrainedLake()
    {
        Features = FeatureLake.Generated(events: 60_000, seed: 21);
        Features.Build();
    }

    internal FeatureLake Features { get; }

    internal static TrainOptions Options(params string[] candidates) => new()
    {
        Iterations = 40,
        MinExamplesPerLeaf = 20,
        Candidates = candidates.Length == 0 ? Candidate.All : [.. Candidate.All.Where(c => candidates.Contains(c.Name))],
    };

    internal TrainingResult Train(TrainOptions options) => new ModelTrainer(Features.Lake, options).Run();

    internal ModelRegistry NewRegistry() => new(Path.Combine(Features.Folder, "models-" + Guid.NewGuid().ToString("N")));

    public void Dispose() => Features.Dispose();
}
