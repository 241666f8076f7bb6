using System.Text.Json;

namespace ClickPredict.Storage;

/// <summary>Reads and atomically replaces the JSON manifests that are each stage's commit point.</summary>
internal static class JsonManifest
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The manifest at <paramref name="path"/>, or null when the stage has not committed yet.</summary>
    public static T? Read<T>(string path, string howToRecover)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON; {howToRecover}.", e);
        }
    }

    public static void Write<T>(string path, T manifest) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(manifest, Json));
}
