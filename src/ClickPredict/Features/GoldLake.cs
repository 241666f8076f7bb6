using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>Where the features stage writes in the lake.</summary>
internal static class GoldLake
{
    public const string UsersFile = "users.parquet";
    public const string ItemsFile = "items.parquet";
    public const string CategoriesFile = "categories.parquet";

    public static string Gold(this Lake lake) => Path.Combine(lake.Root, "gold");

    public static string Examples(this Lake lake) => Path.Combine(lake.Gold(), "examples");

    public static string Online(this Lake lake) => Path.Combine(lake.Gold(), "online");

    public static string FeaturesManifestPath(this Lake lake) => Path.Combine(lake.Gold(), "_features.json");
}
