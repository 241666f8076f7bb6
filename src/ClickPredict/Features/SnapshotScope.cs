namespace ClickPredict.Features;

/// <summary>The users, items and categories a snapshot is limited to; ids not in it read as unknown.</summary>
internal sealed record SnapshotScope(IReadOnlyList<string> Users, IReadOnlyList<string> Items, IReadOnlyList<string> Categories)
{
    /// <summary>Everything the online features of one session's prefixes look up.</summary>
    public static SnapshotScope For(string userId, IEnumerable<SessionEvent> events)
    {
        var list = events.ToList();
        return new SnapshotScope([userId], [.. list.Select(e => e.ItemId).Distinct()], [.. list.Select(e => e.Category).OfType<string>().Distinct()]);
    }
}
