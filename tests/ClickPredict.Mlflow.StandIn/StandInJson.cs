using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClickPredict.Mlflow.StandIn;

internal static class StandInJson
{
    /// <summary>Leaves out what MLflow's JSON leaves out: nulls, empty strings, zeros, false, empty lists and objects.</summary>
    public static JsonObject Compact(JsonObject node)
    {
        foreach (var (key, value) in node.ToList())
        {
            if (IsDefault(Compact(value)))
                node.Remove(key);
        }
        return node;
    }

    private static JsonNode? Compact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                return Compact(obj);
            case JsonArray array:
                foreach (var item in array)
                    Compact(item);
                return array;
            default:
                return node;
        }
    }

    private static bool IsDefault(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.Count == 0,
        JsonArray array => array.Count == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString() is "0" or "0.0",
        _ => false,
    };

    /// <summary>A metric value as MLflow's proto JSON writes it: non-finite values as strings.</summary>
    public static JsonNode MetricValue(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "Infinity" : double.IsNegativeInfinity(value) ? "-Infinity" : JsonValue.Create(value);

    public static string? Text(JsonObject args, string name) => args[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => other.ToJsonString(),
    };

    public static string Required(JsonObject args, string name) =>
        Text(args, name) is { Length: > 0 } value ? value : throw StandInError.Invalid($"Missing value for required parameter '{name}'.");

    public static long? Long(JsonObject args, string name) =>
        Text(args, name) is { } text && long.TryParse(text, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static JsonArray Tags(IEnumerable<KeyValuePair<string, string>> tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value })];

    public static IEnumerable<(string Key, string Value)> KeyValues(JsonObject args, string name) =>
        (args[name] as JsonArray ?? []).OfType<JsonObject>().Select(o => (Text(o, "key") ?? "", Text(o, "value") ?? ""));

    /// <summary>Offset paging; like MLflow's SQL store, a full page gets a token even when nothing follows.</summary>
    public static (List<T> Page, string? Token) Paginate<T>(IReadOnlyList<T> all, JsonObject args, int defaultMax = 1000)
    {
        var max = (int)(Long(args, "max_results") ?? defaultMax);
        var offset = Text(args, "page_token") is { Length: > 0 } token
            ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), CultureInfo.InvariantCulture)
            : 0;
        var page = all.Skip(offset).Take(max).ToList();
        var next = page.Count == max ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + max).ToString(CultureInfo.InvariantCulture))) : null;
        return (page, next);
    }
}
