namespace ClickPredict.Features;

/// <summary>Item and category statistics by id; an id without history reads as zero views and purchases.</summary>
internal sealed class EntityStatsLookup(Dictionary<string, EntityStats> items, Dictionary<string, EntityStats> categories)
{
    public static EntityStatsLookup Empty { get; } = new([], []);

    public int ItemCount => items.Count;

    public int CategoryCount => categories.Count;

    public EntityStats Item(string itemId) => items.GetValueOrDefault(itemId);

    public EntityStats Category(string? category) => category is null ? default : categories.GetValueOrDefault(category);
}
