using System.Text.Json;
using System.Text.Json.Serialization;
using ClickPredict.Events.Quality;
using ClickPredict.Features;
using ClickPredict.Monitoring;
using ClickPredict.Registry;
using ClickPredict.Sessions;
using ClickPredict.Training;

namespace ClickPredict.Storage;

/// <summary>
/// Source-generated contracts for the JSON files <see cref="JsonManifest"/> reads and writes, a model
/// version's leaderboard among them (web defaults, indented, as before): a command no longer discovers them by reflection and compiles their
/// converters at start-up, which took 60 ms for the first manifest a process read and 15 ms for each
/// other type, about 0.2 s of a day's three commands (DECISIONS D22).
/// </summary>
/// <remarks>
/// A property with a default these types read must have a <c>set</c>, not an <c>init</c>, accessor:
/// generated contracts set every init-only property in the object initializer, so one a file leaves
/// out lost its default (dotnet/runtime#84484; <c>JsonManifestTests</c> checks every such property).
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(IngestManifest))]
[JsonSerializable(typeof(IngestQuality))]
[JsonSerializable(typeof(SessionsManifest))]
[JsonSerializable(typeof(FeaturesManifest))]
[JsonSerializable(typeof(PartitionManifest))]
[JsonSerializable(typeof(SilverPartitionManifest))]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(ModelAliases))]
[JsonSerializable(typeof(DriftReport))]
[JsonSerializable(typeof(IReadOnlyList<LeaderboardEntry>))]
internal sealed partial class ManifestJson : JsonSerializerContext;
