namespace ClickPredict.Api.Tests.Support;

/// <summary>One lake, two trained models and one app for every test class in the collection; built once.</summary>
public sealed class ServedLakeFixture : IDisposable
{
    private readonly ServedLake lake = new();

    public ServedLakeFixture() => App = new ApiApp(lake);

    public ApiApp App { get; }

    internal ServedLake Lake => lake;

    /// <summary>Another app over the same lake and models with some settings changed (and a prediction log of its own); the caller disposes it.</summary>
    public ApiApp With(params (string Key, string? Value)[] overrides) =>
        new(lake, new Dictionary<string, string?> { ["PredictionLog:Folder"] = Path.Combine(lake.PredictionLog, Guid.NewGuid().ToString("N")) }
            .Concat(overrides.Select(o => KeyValuePair.Create(o.Key, o.Value)))
            .GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Last().Value));

    public void Dispose()
    {
        App.Dispose();
        lake.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServedLakeCollection : ICollectionFixture<ServedLakeFixture>
{
    public const string Name = "served lake";
}
