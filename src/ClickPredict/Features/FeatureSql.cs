using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>
/// Assembles the feature statements: the shared steps live in <c>Features/Sql/*.sql</c>, each
/// feature's expression comes from <see cref="FeatureCatalog"/>. Prefix features are computed in
/// <c>prefix_features.sql</c> (they need the window); the gold table then selects every feature in
/// catalog order.
/// </summary>
internal static class FeatureSql
{
    /// <summary>The shared statements, in the order they run; their text is part of the feature-set version.</summary>
    public static readonly IReadOnlyList<string> SharedFiles =
    [
        "load.sql", "timelines.sql", "prefix_events.sql", "prefix_features.sql", "example_probes.sql", "empty_probes.sql",
        "snapshot_probes.sql", "user_history.sql", "cut_history.sql", "write_examples.sql",
        "snapshot_users.sql", "snapshot_items.sql", "snapshot_categories.sql",
    ];

    public static string File(string name) => DuckDb.Sql($"Features/Sql/{name}");

    public static string PrefixFeatures(IEnumerable<FeatureDefinition> features) =>
        File("prefix_features.sql")
            .Replace("{prefix_events}", File("prefix_events.sql"), StringComparison.Ordinal)
            .Replace("{features}", Columns(features.Where(f => f.Group == FeatureGroup.Prefix), Expression), StringComparison.Ordinal);

    public static string WriteExamples(IEnumerable<FeatureDefinition> features, string target, IReadOnlyDictionary<string, string> metadata) =>
        File("write_examples.sql")
            .Replace("{features}", Columns(features, f => f.Group == FeatureGroup.Prefix ? $"f.{f.Name}" : Expression(f)), StringComparison.Ordinal)
            .Replace("{finite}", string.Join(" AND ", features.Select(f => $"isfinite(x.{f.Name})")), StringComparison.Ordinal)
            .Replace("{target}", DuckDb.Literal(target), StringComparison.Ordinal)
            .Replace("{metadata}", Metadata(metadata), StringComparison.Ordinal);

    /// <summary>Parameters the catalog's expressions use.</summary>
    public static (string, object?)[] CatalogParameters =>
        [("prior_successes", ConversionPrior.Successes), ("prior_trials", ConversionPrior.Trials)];

    /// <summary>Parquet key-value metadata for COPY, which takes no parameters: our own values, quoted.</summary>
    public static string Metadata(IReadOnlyDictionary<string, string> metadata) =>
        "{" + string.Join(", ", metadata.Select(kv => $"{DuckDb.Identifier(kv.Key)}: {DuckDb.Literal(kv.Value)}")) + "}";

    private static string Expression(FeatureDefinition f) => $"CAST(({f.Sql}) AS DOUBLE) AS {f.Name}";

    private static string Columns(IEnumerable<FeatureDefinition> features, Func<FeatureDefinition, string> column) =>
        string.Join(",\n           ", features.Select(column));
}
