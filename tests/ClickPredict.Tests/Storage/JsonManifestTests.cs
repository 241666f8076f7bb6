using System.Text.Json;
using ClickPredict.Features;
using ClickPredict.Registry;
using ClickPredict.Sessions;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Storage;

public sealed class JsonManifestTests : IDisposable
{
    // How every manifest was written before the contracts were source-generated: lakes and registries
    // written then must read the same, and files written now must look the same to their readers.
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string folder = Directory.CreateTempSubdirectory("cp-manifest-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_manifest_is_written_as_the_reflection_serializer_wrote_it_and_reads_back_whole()
    {
        var at = new DateTimeOffset(2024, 2, 17, 8, 30, 0, TimeSpan.FromHours(1));
        var silver = new SessionsManifest
        {
            BuildId = "20240217T083000Z-abcdef",
            BuiltAt = at,
            BronzeFingerprint = "xxh128:00ff",
            LastIngestId = null,
            BronzeFileCount = 3,
            BronzeDates = new Dictionary<string, string> { ["2024-02-16"] = "xxh128:01", ["2024-02-17"] = "xxh128:02" },
            GapSeconds = 1800.5,
            Counts = new SessionCounts(10, 4, 2, 1, 3, 1, 2) { ReconciledSessions = 1 },
            SessionEventsFiles = ["silver/session_events/a.parquet"],
            SessionsFiles = ["silver/sessions/a.parquet"],
        };
        var gold = new FeaturesManifest
        {
            BuildId = "b",
            BuiltAt = at,
            FeatureSetVersion = "fs-1",
            Features = [new FeatureColumn("n_events", "prefix")],
            SilverBuildId = silver.BuildId,
            MaxCut = 20,
            DenseCuts = 5,
            CutStride = 5,
            Examples = new ExampleCounts(9, 2, 4),
            ExamplesFiles = ["gold/examples/2024-02-17.parquet"],
            Online = new SnapshotCounts(new DateTime(2024, 2, 18, 0, 0, 0, DateTimeKind.Utc), 2, 3, 1),
            ExamplesByDate = new Dictionary<string, DatedExamplesFile> { ["2024-02-17"] = new("gold/examples/2024-02-17.parquet", new ExampleCounts(9, 2, 4)) },
            GapSeconds = 1800,
            ReplayFile = "gold/replay.parquet",
        };
        var aliases = new ModelAliases().With(ModelAliases.Champion, 2, "trained", "train", at);

        Assert.Equal(JsonSerializer.Serialize(silver, Reflection), RoundTrip(silver, ManifestJson.Default.SessionsManifest));
        Assert.Equal(JsonSerializer.Serialize(gold, Reflection), RoundTrip(gold, ManifestJson.Default.FeaturesManifest));
        Assert.Equal(JsonSerializer.Serialize(aliases, Reflection), RoundTrip(aliases, ManifestJson.Default.ModelAliases));
    }

    [Fact]
    public void A_property_a_file_leaves_out_keeps_its_default_as_the_reflection_serializer_kept_it()
    {
        // Generated contracts set every init-only property in the object initializer, so one missing
        // from the file lost its initializer's value (dotnet/runtime#84484): an older lake's manifest
        // without "partitions" read as 0 partitions. Each object type the contracts cover, each of its
        // optional properties left out in turn, must read as the reflection serializer reads it.
        var checkedProperties = 0;
        var differing = new List<string>();
        foreach (var type in ContractTypes())
        {
            var sample = JsonSerializer.SerializeToNode(Activator.CreateInstance(type), type, Reflection)!.AsObject();
            var contract = ManifestJson.Default.GetTypeInfo(type)!;
            foreach (var property in contract.Properties.Where(p => !p.IsRequired && p.Set is not null))
            {
                var without = sample.DeepClone().AsObject();
                without.Remove(property.Name);
                var json = without.ToJsonString();
                if (JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type, Reflection), type, Reflection)
                    != JsonSerializer.Serialize(JsonSerializer.Deserialize(json, contract), type, Reflection))
                {
                    differing.Add($"{type.Name}.{property.Name}");
                }

                checkedProperties++;
            }
        }

        Assert.True(differing.Count == 0, string.Join(", ", differing));
        Assert.True(checkedProperties > 20, $"only {checkedProperties} properties checked");
    }

    /// <summary>The object types <see cref="ManifestJson"/> generates contracts for that a parameterless constructor makes.</summary>
    private static IEnumerable<Type> ContractTypes() =>
        typeof(ManifestJson).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(System.Text.Json.Serialization.Metadata.JsonTypeInfo<>))
            .Select(p => p.PropertyType.GetGenericArguments()[0])
            .Where(t => t.IsClass && t != typeof(string) && t.GetConstructor(Type.EmptyTypes) is not null && ManifestJson.Default.GetTypeInfo(t)!.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object);

    /// <summary>Reads the reflection serializer's text with the contract, writes what it read, and returns that file's text.</summary>
    private string RoundTrip<T>(T manifest, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract)
        where T : class
    {
        var old = Path.Combine(folder, "old.json");
        File.WriteAllText(old, JsonSerializer.Serialize(manifest, Reflection));
        var read = JsonManifest.Read(old, contract, "rewrite it");
        Assert.NotNull(read);
        var written = Path.Combine(folder, "new.json");
        JsonManifest.Write(written, read, contract);
        return File.ReadAllText(written);
    }
}
