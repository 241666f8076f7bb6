using System.Reflection;
using System.Text.Json;

namespace ClickPredict.Events;

/// <summary>Resolves <c>--source</c>: a built-in preset name or the path of a mapping file.</summary>
internal static class SourceMappings
{
    public static IReadOnlyList<string> Presets { get; } = ["canonical", "rees46", "taobao", "retailrocket", "yoochoose"];

    public static SourceMapping Load(string presetOrPath)
    {
        if (Presets.Contains(presetOrPath, StringComparer.OrdinalIgnoreCase))
        {
            var resource = $"ClickPredict.Events.Presets.{presetOrPath.ToLowerInvariant()}.json";
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Preset resource {resource} is missing from the build.");
            return Parse(stream, $"preset '{presetOrPath}'");
        }

        if (!File.Exists(presetOrPath))
        {
            throw new MappingException(
                $"'{presetOrPath}' is neither a preset ({string.Join(", ", Presets)}) nor an existing mapping file.");
        }

        using var file = File.OpenRead(presetOrPath);
        return Parse(file, $"mapping file '{presetOrPath}'");
    }

    public static SourceMapping Parse(Stream json, string origin)
    {
        SourceMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<SourceMapping>(json, SourceMapping.Json);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new MappingException($"The {origin} is not a valid mapping{where}: {e.Message.Split('.')[0]}.", e);
        }

        if (mapping is null)
        {
            throw new MappingException($"The {origin} is empty.");
        }

        var problems = MappingRules.Check(mapping).ToList();
        return problems.Count == 0
            ? mapping
            : throw new MappingException($"The {origin} is invalid: {string.Join("; ", problems)}.");
    }
}

/// <summary>A mapping that cannot describe a source; the message says what to fix.</summary>
internal sealed class MappingException(string message, Exception? inner = null) : Exception(message, inner);
