using ClickPredict.Storage;
using Parquet;
using Parquet.Schema;

namespace ClickPredict.Sessions;

/// <summary>
/// A silver Parquet file the ordered sessionize pass writes (<see cref="OrderedSessionizer"/>), a row
/// group at a time through a <see cref="RowGroupEncoder"/>. Columns, names and types are those silver
/// has always had (DuckDB reads them back as before).
/// </summary>
internal sealed class SilverFile<TRows> : IDisposable
    where TRows : SilverRows, new()
{
    /// <summary>Rows per row group, about DuckDB's own (122,880): readers split work by row group.</summary>
    public const int RowGroupRows = 1 << 17;

    private readonly FileStream stream;
    private readonly RowGroupEncoder encoder;
    private TRows? spare;
    private bool disposed;

    public SilverFile(string path)
    {
        stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        foreach (var field in Rows.DictionaryFields)
        {
            options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
        }

        encoder = new RowGroupEncoder(stream, Rows.Schema, options);
    }

    /// <summary>The group being filled: set row <see cref="SilverRows.Count"/>, then call <see cref="Added"/>.</summary>
    public TRows Rows { get; private set; } = new();

    public long Count { get; private set; }

    public void Added()
    {
        Count++;
        if (++Rows.Count == RowGroupRows)
        {
            encoder.Wait();
            var full = Rows;
            Rows = spare ?? new TRows();
            spare = full;
            encoder.Encode(full.Encode);
        }
        else if (Rows.Count == Rows.Capacity)
        {
            Rows.Resize(Math.Min(Rows.Capacity * 2, RowGroupRows));
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            encoder.Close(Rows.Count > 0 ? Rows.Encode : null);
        }
        finally
        {
            stream.Dispose();
        }
    }
}

/// <summary>
/// One row group's columns of a <see cref="SilverFile{TRows}"/>, grown from a few thousand rows to a
/// row group's (a small incremental build allocates little).
/// </summary>
internal abstract class SilverRows
{
    protected const int InitialRows = 1 << 12;

    private char[] text = new char[1 << 16];
    private int textLength;
    private TextSlot lastKey;
    private TextSlot lastUser;

    public int Count { get; set; }

    public int Capacity { get; private set; } = InitialRows;

    public abstract ParquetSchema Schema { get; }

    /// <summary>
    /// Text columns with few values per row group, dictionary-encoded (a third less to compress);
    /// the near-unique ones stay plain, where a dictionary costs a hash per value for nothing.
    /// </summary>
    public abstract IReadOnlyList<DataField> DictionaryFields { get; }

    /// <summary>
    /// The session key <paramref name="id"/> names, kept in this group's own text (no string per
    /// session); a run of rows with the same id shares one copy.
    /// </summary>
    public ReadOnlyMemory<char> Key(long id, ReadOnlySpan<char> value) => Text(ref lastKey, id, value);

    /// <summary>The user id <paramref name="id"/> names, kept like <see cref="Key"/>.</summary>
    public ReadOnlyMemory<char> User(long id, ReadOnlySpan<char> value) => Text(ref lastUser, id, value);

    /// <summary>Grows every column to <paramref name="rows"/> rows, keeping the ones filled.</summary>
    public void Resize(int rows)
    {
        Capacity = rows;
        ResizeColumns(rows);
    }

    /// <summary>Empties the group once encoded; its text is reused.</summary>
    private void Clear()
    {
        Count = 0;
        textLength = 0;
        lastKey = lastUser = default;
    }

    /// <summary>Writes the group's columns, then empties it (its buffers are reused).</summary>
    public void Encode(ParquetRowGroupWriter group)
    {
        WriteColumns(group);
        Clear();
    }

    protected abstract void WriteColumns(ParquetRowGroupWriter group);

    private ReadOnlyMemory<char> Text(ref TextSlot slot, long id, ReadOnlySpan<char> value)
    {
        if (slot.Stored && slot.Id == id)
        {
            return slot.Value;
        }

        if (textLength + value.Length > text.Length)
        {
            // Earlier rows keep pointing into the old array until the group is encoded.
            text = new char[Math.Max(text.Length * 2, value.Length)];
            textLength = 0;
        }

        value.CopyTo(text.AsSpan(textLength));
        slot = new TextSlot(true, id, text.AsMemory(textLength, value.Length));
        textLength += value.Length;
        return slot.Value;
    }

    protected abstract void ResizeColumns(int rows);

    protected static T[] Grown<T>(T[] values, int rows)
    {
        Array.Resize(ref values, rows);
        return values;
    }

    protected static DataField Text(string name, bool nullable) => new DataField<string>(name, nullable);

    protected void Write<T>(ParquetRowGroupWriter group, DataField field, T[] values)
        where T : struct => RowGroupEncoder.Write(group, field, values, Count);

    protected void Write<T>(ParquetRowGroupWriter group, DataField field, T?[] values)
        where T : struct => RowGroupEncoder.Write(group, field, values, Count);
}

internal readonly record struct TextSlot(bool Stored, long Id, ReadOnlyMemory<char> Value);

/// <summary>silver/session_events: every event with its session key and 1-based position in the session.</summary>
internal sealed class SilverEventRows : SilverRows
{
    private static readonly DataField KeyField = Text("session_key", false);
    private static readonly DataField IndexField = new DataField<int>("event_index");
    private static readonly DataField TimeField = RowGroupEncoder.Timestamp("event_time", false);
    private static readonly DataField UserField = Text("user_id", false);
    private static readonly DataField SessionIdField = Text("session_id", true);
    private static readonly DataField TypeField = Text("event_type", false);
    private static readonly DataField ItemField = Text("item_id", true);
    private static readonly DataField CategoryField = Text("category", true);
    private static readonly DataField BrandField = Text("brand", true);
    private static readonly DataField PriceField = new DataField<double?>("price");
    private static readonly ParquetSchema Fields =
        new(KeyField, IndexField, TimeField, UserField, SessionIdField, TypeField, ItemField, CategoryField, BrandField, PriceField);

    public override ParquetSchema Schema => Fields;

    public override IReadOnlyList<DataField> DictionaryFields => [UserField, TypeField, CategoryField, BrandField];

    public ReadOnlyMemory<char>[] Keys { get; private set; } = new ReadOnlyMemory<char>[InitialRows];

    public int[] Indexes { get; private set; } = new int[InitialRows];

    public DateTime[] Times { get; private set; } = new DateTime[InitialRows];

    public ReadOnlyMemory<char>[] Users { get; private set; } = new ReadOnlyMemory<char>[InitialRows];

    public ReadOnlyMemory<char>?[] SessionIds { get; private set; } = new ReadOnlyMemory<char>?[InitialRows];

    public ReadOnlyMemory<char>[] Types { get; private set; } = new ReadOnlyMemory<char>[InitialRows];

    public ReadOnlyMemory<char>?[] Items { get; private set; } = new ReadOnlyMemory<char>?[InitialRows];

    public ReadOnlyMemory<char>?[] Categories { get; private set; } = new ReadOnlyMemory<char>?[InitialRows];

    public ReadOnlyMemory<char>?[] Brands { get; private set; } = new ReadOnlyMemory<char>?[InitialRows];

    public double?[] Prices { get; private set; } = new double?[InitialRows];

    protected override void ResizeColumns(int rows)
    {
        Keys = Grown(Keys, rows);
        Indexes = Grown(Indexes, rows);
        Times = Grown(Times, rows);
        Users = Grown(Users, rows);
        SessionIds = Grown(SessionIds, rows);
        Types = Grown(Types, rows);
        Items = Grown(Items, rows);
        Categories = Grown(Categories, rows);
        Brands = Grown(Brands, rows);
        Prices = Grown(Prices, rows);
    }

    protected override void WriteColumns(ParquetRowGroupWriter group)
    {
        Write(group, KeyField, Keys);
        Write(group, IndexField, Indexes);
        Write(group, TimeField, Times);
        Write(group, UserField, Users);
        Write(group, SessionIdField, SessionIds);
        Write(group, TypeField, Types);
        Write(group, ItemField, Items);
        Write(group, CategoryField, Categories);
        Write(group, BrandField, Brands);
        Write(group, PriceField, Prices);
    }
}

/// <summary>silver/sessions: one row per session.</summary>
internal sealed class SilverSessionRows : SilverRows
{
    private static readonly DataField KeyField = Text("session_key", false);
    private static readonly DataField UserField = Text("user_id", false);
    private static readonly DataField SourceIdField = Text("source_session_id", true);
    private static readonly DataField StartField = RowGroupEncoder.Timestamp("session_start", false);
    private static readonly DataField EndField = RowGroupEncoder.Timestamp("session_end", false);
    private static readonly DataField DurationField = new DataField<double>("duration_seconds");
    private static readonly DataField EventsField = new DataField<long>("n_events");
    private static readonly DataField ViewsField = new DataField<long>("n_views");
    private static readonly DataField CartsField = new DataField<long>("n_carts");
    private static readonly DataField RemovesField = new DataField<long>("n_removes");
    private static readonly DataField PurchasesField = new DataField<long>("n_purchases");
    private static readonly DataField ConvertedField = new DataField<bool>("converted");
    private static readonly DataField FirstPurchaseTimeField = RowGroupEncoder.Timestamp("first_purchase_time", true);
    private static readonly DataField FirstPurchaseIndexField = new DataField<int?>("first_purchase_index");
    private static readonly DataField NumberField = new DataField<int>("session_number");
    private static readonly DataField ReconciledField = new DataField<bool>("reconciled");
    private static readonly DataField SplitField = new DataField<bool>("split_source_id");
    private static readonly ParquetSchema Fields = new(
        KeyField, UserField, SourceIdField, StartField, EndField, DurationField, EventsField, ViewsField, CartsField, RemovesField,
        PurchasesField, ConvertedField, FirstPurchaseTimeField, FirstPurchaseIndexField, NumberField, ReconciledField, SplitField);

    public override ParquetSchema Schema => Fields;

    public override IReadOnlyList<DataField> DictionaryFields => [UserField];

    public ReadOnlyMemory<char>[] Keys { get; private set; } = new ReadOnlyMemory<char>[InitialRows];

    public ReadOnlyMemory<char>[] Users { get; private set; } = new ReadOnlyMemory<char>[InitialRows];

    public ReadOnlyMemory<char>?[] SourceIds { get; private set; } = new ReadOnlyMemory<char>?[InitialRows];

    public DateTime[] Starts { get; private set; } = new DateTime[InitialRows];

    public DateTime[] Ends { get; private set; } = new DateTime[InitialRows];

    public double[] Durations { get; private set; } = new double[InitialRows];

    public long[] Events { get; private set; } = new long[InitialRows];

    public long[] Views { get; private set; } = new long[InitialRows];

    public long[] Carts { get; private set; } = new long[InitialRows];

    public long[] Removes { get; private set; } = new long[InitialRows];

    public long[] Purchases { get; private set; } = new long[InitialRows];

    public bool[] Converted { get; private set; } = new bool[InitialRows];

    public DateTime?[] FirstPurchaseTimes { get; private set; } = new DateTime?[InitialRows];

    public int?[] FirstPurchaseIndexes { get; private set; } = new int?[InitialRows];

    public int[] Numbers { get; private set; } = new int[InitialRows];

    public bool[] Reconciled { get; private set; } = new bool[InitialRows];

    public bool[] Split { get; private set; } = new bool[InitialRows];

    protected override void ResizeColumns(int rows)
    {
        Keys = Grown(Keys, rows);
        Users = Grown(Users, rows);
        SourceIds = Grown(SourceIds, rows);
        Starts = Grown(Starts, rows);
        Ends = Grown(Ends, rows);
        Durations = Grown(Durations, rows);
        Events = Grown(Events, rows);
        Views = Grown(Views, rows);
        Carts = Grown(Carts, rows);
        Removes = Grown(Removes, rows);
        Purchases = Grown(Purchases, rows);
        Converted = Grown(Converted, rows);
        FirstPurchaseTimes = Grown(FirstPurchaseTimes, rows);
        FirstPurchaseIndexes = Grown(FirstPurchaseIndexes, rows);
        Numbers = Grown(Numbers, rows);
        Reconciled = Grown(Reconciled, rows);
        Split = Grown(Split, rows);
    }

    protected override void WriteColumns(ParquetRowGroupWriter group)
    {
        Write(group, KeyField, Keys);
        Write(group, UserField, Users);
        Write(group, SourceIdField, SourceIds);
        Write(group, StartField, Starts);
        Write(group, EndField, Ends);
        Write(group, DurationField, Durations);
        Write(group, EventsField, Events);
        Write(group, ViewsField, Views);
        Write(group, CartsField, Carts);
        Write(group, RemovesField, Removes);
        Write(group, PurchasesField, Purchases);
        Write(group, ConvertedField, Converted);
        Write(group, FirstPurchaseTimeField, FirstPurchaseTimes);
        Write(group, FirstPurchaseIndexField, FirstPurchaseIndexes);
        Write(group, NumberField, Numbers);
        Write(group, ReconciledField, Reconciled);
        Write(group, SplitField, Split);
    }
}
