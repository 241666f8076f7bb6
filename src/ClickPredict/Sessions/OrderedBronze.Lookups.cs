using ClickPredict.Storage;

namespace ClickPredict.Sessions;

/// <summary>How <see cref="OrderedBronze"/> numbers the ids it reads, on <see cref="NumberingThreads"/>.</summary>
internal sealed partial class OrderedBronze
{
    /// <summary>A batch's columns: the ids each row carries.</summary>
    private const int UserColumn = 0, SessionIdColumn = 1, ItemColumn = 2, CategoryColumn = 3, BrandColumn = 4, BatchColumns = 5;

    /// <summary>Two threads: one numbers the users and session ids, the other the items, categories and brands.</summary>
    private NumberingThreads Lookups() => new(BatchColumns, NumberSessions, NumberItems);

    private void NumberSessions(DetachedBatch batch)
    {
        var (userIds, sourceIds) = (batch.Values[UserColumn], batch.Values[SessionIdColumn]);
        for (var row = 0; row < batch.Size; row++)
        {
            userOf[batch.First + row] = users.Number(userIds[row], batch.Texts);
            sessionIds[batch.First + row] = Number(SessionIds, sourceIds[row], batch.Texts);
        }
    }

    private void NumberItems(DetachedBatch batch)
    {
        var (itemIds, categoryIds, brandIds) = (batch.Values[ItemColumn], batch.Values[CategoryColumn], batch.Values[BrandColumn]);
        for (var row = 0; row < batch.Size; row++)
        {
            var r = batch.First + row;
            items[r] = Number(Values, itemIds[row], batch.Texts);
            categories[r] = Number(Values, categoryIds[row], batch.Texts);
            brands[r] = Number(Values, brandIds[row], batch.Texts);
        }
    }

    private static int Number(IdNumbers numbers, UInt128 value, DetachedText texts) =>
        value == DetachedText.Null ? NoId : numbers.Number(value, texts);
}
