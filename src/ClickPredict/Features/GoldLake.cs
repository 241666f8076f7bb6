namespace ClickPredict.Features;

/// <summary>File names of the online snapshot inside <see cref="Storage.Lake.GoldOnline"/>.</summary>
internal static class GoldLake
{
    public const string UsersFile = "users.parquet";
    public const string ItemsFile = "items.parquet";
    public const string CategoriesFile = "categories.parquet";
}
