using System.Text.Json.Nodes;

namespace ClickPredict.Mlflow.StandIn;

/// <summary>The stand-in's <c>mlflow-artifacts</c> proxy: upload, download and list, kept in memory. Not MLflow.</summary>
internal static class StandInArtifacts
{
    public const string Prefix = "/api/2.0/mlflow-artifacts/artifacts";

    /// <summary>Returns file bytes for a download, else sets <paramref name="answer"/> (null for an unknown route).</summary>
    public static byte[]? Handle(StandInState s, string method, string path, string listPath, byte[] body, out JsonObject? answer)
    {
        answer = null;
        var artifact = Uri.UnescapeDataString(path[Prefix.Length..].TrimStart('/'));
        lock (s.Gate)
        {
            switch (method)
            {
                case "PUT" when artifact.Length > 0:
                    if (artifact.Split('/').Any(p => p is ".." or "."))
                        throw StandInError.Invalid($"Invalid path '{artifact}'");
                    s.Artifacts[artifact] = body;
                    answer = [];
                    return null;
                case "GET" when artifact.Length > 0:
                    return s.Artifacts.TryGetValue(artifact, out var bytes)
                        ? bytes
                        : throw StandInError.NotFound($"File {artifact} does not exist");
                case "GET":
                    answer = List(s, listPath.Trim('/'));
                    return null;
                default:
                    return null;
            }
        }
    }

    /// <summary>Direct children of a folder, named relative to it (MLflow returns base names here).</summary>
    private static JsonObject List(StandInState s, string folder)
    {
        var prefix = folder.Length == 0 ? "" : folder + "/";
        var files = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (path, bytes) in s.Artifacts.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var rest = path[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var name = slash < 0 ? rest : rest[..slash];
            files[name] = slash < 0
                ? new JsonObject { ["path"] = name, ["is_dir"] = false, ["file_size"] = bytes.Length }
                : new JsonObject { ["path"] = name, ["is_dir"] = true };
        }
        return new() { ["files"] = new JsonArray([.. files.Values]) };
    }
}
