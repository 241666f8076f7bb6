using ClickPredict.Events;
using Parquet;
using Parquet.Schema;

namespace ClickPredict.Generation;

/// <summary>
/// Writes each batch of events as one Snappy row group. String columns are passed as slices of char
/// buffers (per-row-group for user and session ids, per-catalog for the rest), so no string is allocated per row.
/// </summary>
internal sealed class ParquetEventWriter : IAsyncDisposable
{
    public static readonly DataField EventTime = new DateTimeDataField(
        "event_time", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, false);

    public static readonly DataField UserId = new DataField<string>("user_id", false);
    public static readonly DataField SessionId = new DataField<string>("session_id", true);
    public static readonly DataField EventType = new DataField<string>("event_type", false);
    public static readonly DataField ItemId = new DataField<string>("item_id", false);
    public static readonly DataField Category = new DataField<string>("category", true);
    public static readonly DataField Brand = new DataField<string>("brand", true);
    public static readonly DataField Price = new DataField<double>("price", true);

    public static readonly ParquetSchema Schema = new(EventTime, UserId, SessionId, EventType, ItemId, Category, Brand, Price);

    private static readonly ReadOnlyMemory<char>[] TypeText = [.. CanonicalEventTypes.All.Select(n => n.AsMemory())];

    private readonly ParquetWriter _writer;
    private readonly Catalog _catalog;
    private readonly ReadOnlyMemory<char>[] _itemIds;
    private readonly ReadOnlyMemory<char>?[] _categoryIds;
    private readonly ReadOnlyMemory<char>?[] _brandIds;
    private DateTime[] _times = [];
    private ReadOnlyMemory<char>[] _users = [];
    private ReadOnlyMemory<char>?[] _sessions = [];
    private ReadOnlyMemory<char>[] _types = [];
    private ReadOnlyMemory<char>[] _items = [];
    private ReadOnlyMemory<char>?[] _categories = [];
    private ReadOnlyMemory<char>?[] _brands = [];
    private double?[] _prices = [];
    private char[] _idChars = [];

    private ParquetEventWriter(ParquetWriter writer, Catalog catalog)
    {
        _writer = writer;
        _catalog = catalog;
        _itemIds = [.. Enumerable.Range(0, catalog.ItemCount).Select(i => EntityIds.Item.Text(i).AsMemory())];
        _categoryIds = [.. Enumerable.Range(0, catalog.CategoryCount).Select(c => (ReadOnlyMemory<char>?)EntityIds.Category.Text(c).AsMemory())];
        _brandIds = [.. Enumerable.Range(0, catalog.BrandCount).Select(b => (ReadOnlyMemory<char>?)EntityIds.Brand.Text(b).AsMemory())];
    }

    public static async Task<ParquetEventWriter> CreateAsync(Stream output, Catalog catalog, CancellationToken cancellationToken)
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        var writer = await ParquetWriter.CreateAsync(Schema, output, options, append: false, cancellationToken);
        return new ParquetEventWriter(writer, catalog);
    }

    public async Task WriteRowGroupAsync(ReadOnlyMemory<GeneratedEvent> events, CancellationToken cancellationToken)
    {
        var n = events.Length;
        if (n == 0)
        {
            return;
        }

        Fill(events.Span);
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync<DateTime>(EventTime, _times.AsMemory(0, n), cancellationToken: cancellationToken);
        await group.WriteAsync<ReadOnlyMemory<char>>(UserId, _users.AsMemory(0, n), cancellationToken: cancellationToken);
        await group.WriteAsync<ReadOnlyMemory<char>>(SessionId, _sessions.AsMemory(0, n), cancellationToken: cancellationToken);
        await group.WriteAsync<ReadOnlyMemory<char>>(EventType, _types.AsMemory(0, n), cancellationToken: cancellationToken);
        await group.WriteAsync<ReadOnlyMemory<char>>(ItemId, _items.AsMemory(0, n), cancellationToken: cancellationToken);
        await group.WriteAsync<ReadOnlyMemory<char>>(Category, _categories.AsMemory(0, n), cancellationToken: cancellationToken);
        await group.WriteAsync<ReadOnlyMemory<char>>(Brand, _brands.AsMemory(0, n), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(Price, _prices.AsMemory(0, n), cancellationToken: cancellationToken);
        group.CompleteValidate();
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private void Fill(ReadOnlySpan<GeneratedEvent> events)
    {
        var n = events.Length;
        if (_times.Length < n)
        {
            _times = new DateTime[n];
            _users = new ReadOnlyMemory<char>[n];
            _sessions = new ReadOnlyMemory<char>?[n];
            _types = new ReadOnlyMemory<char>[n];
            _items = new ReadOnlyMemory<char>[n];
            _categories = new ReadOnlyMemory<char>?[n];
            _brands = new ReadOnlyMemory<char>?[n];
            _prices = new double?[n];
            _idChars = new char[n * 2 * IdFormat.MaxLength];
        }

        var at = 0;
        for (var i = 0; i < n; i++)
        {
            ref readonly var e = ref events[i];
            _times[i] = GenerationTally.ToUtc(e.UnixMs);
            var length = EntityIds.User.Format(e.User, _idChars.AsSpan(at));
            _users[i] = _idChars.AsMemory(at, length);
            at += length;
            length = EntityIds.Session.Format(e.Session, _idChars.AsSpan(at));
            _sessions[i] = _idChars.AsMemory(at, length);
            at += length;
            _types[i] = TypeText[e.Type];
            _items[i] = _itemIds[e.Item];
            _categories[i] = _categoryIds[_catalog.ItemCategory[e.Item]];
            var brand = _catalog.ItemBrand[e.Item];
            _brands[i] = brand < 0 ? null : _brandIds[brand];
            _prices[i] = _catalog.ItemPrice[e.Item];
        }
    }
}
