using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ClickPredict.Storage;

/// <summary>
/// Reads and atomically replaces the JSON manifests that are each stage's commit point; each type's
/// contract comes from <see cref="ManifestJson"/>.
/// </summary>
internal static class JsonManifest
{
    /// <summary>The manifest at <paramref name="path"/>, or null when the stage has not committed yet.</summary>
    public static T? Read<T>(string path, JsonTypeInfo<T> contract, string howToRecover)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), contract);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON; {howToRecover}.", e);
        }
    }

    public static void Write<T>(string path, T manifest, JsonTypeInfo<T> contract) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(manifest, contract));
}
