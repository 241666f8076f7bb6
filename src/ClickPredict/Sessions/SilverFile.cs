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
/// row group's (a small incremental build allocates little). A subclass declares its columns once
/// (<see cref="Columns"/>, in file order); the schema, growing and encoding follow from them.
/// </summary>
internal abstract class SilverRows
{
    public const int InitialRows = 1 << 12;

    private char[] text = new char[1 << 16];
    private int textLength;
    private TextSlot lastUser;

    public int Count { get; set; }

    public int Capacity { get; private set; } = InitialRows;

    public ParquetSchema Schema => new(Columns.Select(c => c.Field));

    /// <summary>
    /// Text columns with few values per row group, dictionary-encoded (a third less to compress);
    /// the near-unique ones stay plain, where a dictionary costs a hash per value for nothing.
    /// </summary>
    public IEnumerable<DataField> DictionaryFields => Columns.Where(c => c.Dictionary).Select(c => c.Field);

    /// <summary>The group's columns in the file's order.</summary>
    protected abstract IReadOnlyList<SilverColumn> Columns { get; }

    /// <summary>A session key, kept in this group's own text (no string per session).</summary>
    public ReadOnlyMemory<char> Key(ReadOnlySpan<char> value) => Store(value);

    /// <summary>The user id <paramref name="id"/> names, kept like <see cref="Key"/>; a run of rows with the same id shares one copy.</summary>
    public ReadOnlyMemory<char> User(long id, ReadOnlySpan<char> value)
    {
        if (!lastUser.Stored || lastUser.Id != id)
        {
            lastUser = new TextSlot(true, id, Store(value));
        }

        return lastUser.Value;
    }

    /// <summary>Grows every column to <paramref name="rows"/> rows, keeping the ones filled.</summary>
    public void Resize(int rows)
    {
        Capacity = rows;
        foreach (var column in Columns)
        {
            column.Resize(rows);
        }
    }

    /// <summary>Writes the group's columns, then empties it (its buffers and text are reused).</summary>
    public void Encode(ParquetRowGroupWriter group)
    {
        foreach (var column in Columns)
        {
            column.Write(group, Count);
        }

        Count = 0;
        textLength = 0;
        lastUser = default;
    }

    private ReadOnlyMemory<char> Store(ReadOnlySpan<char> value)
    {
        if (textLength + value.Length > text.Length)
        {
            // Earlier rows keep pointing into the old array until the group is encoded.
            text = new char[Math.Max(text.Length * 2, value.Length)];
            textLength = 0;
        }

        value.CopyTo(text.AsSpan(textLength));
        var stored = text.AsMemory(textLength, value.Length);
        textLength += value.Length;
        return stored;
    }

    protected static DataField Text(string name, bool nullable) => new DataField<string>(name, nullable);
}

internal readonly record struct TextSlot(bool Stored, long Id, ReadOnlyMemory<char> Value);

/// <summary>One column of a <see cref="SilverRows"/> group: its field and its values, set row by row.</summary>
internal abstract class SilverColumn(DataField field, bool dictionary)
{
    public DataField Field { get; } = field;

    public bool Dictionary { get; } = dictionary;

    public abstract void Resize(int rows);

    /// <summary>The first <paramref name="count"/> values as the group's next column.</summary>
    public abstract void Write(ParquetRowGroupWriter group, int count);
}

internal sealed class SilverColumn<T>(DataField field, bool dictionary = false) : SilverColumn(field, dictionary)
    where T : struct
{
    private T[] values = new T[SilverRows.InitialRows];

    public ref T this[int row] => ref values[row];

    public override void Resize(int rows) => Array.Resize(ref values, rows);

    public override void Write(ParquetRowGroupWriter group, int count) => RowGroupEncoder.Write(group, Field, values, count);
}

/// <summary>A column whose rows may have no value (NULL).</summary>
internal sealed class NullableSilverColumn<T>(DataField field, bool dictionary = false) : SilverColumn(field, dictionary)
    where T : struct
{
    private T?[] values = new T?[SilverRows.InitialRows];

    public ref T? this[int row] => ref values[row];

    public override void Resize(int rows) => Array.Resize(ref values, rows);

    public override void Write(ParquetRowGroupWriter group, int count) => RowGroupEncoder.Write(group, Field, values, count);
}

/// <summary>
/// silver/session_events: every event with its session, named by user and <c>session_number</c> (the
/// key's parts that <c>sessions</c> holds; a key per event was the costliest column to write), and its
/// 1-based position in the session.
/// </summary>
internal sealed class SilverEventRows : SilverRows
{
    // Static: every group of a file writes its columns with the fields the file's schema was made from.
    private static readonly DataField UserField = Text("user_id", false);
    private static readonly DataField NumberField = new DataField<int>("session_number");
    private static readonly DataField IndexField = new DataField<int>("event_index");
    private static readonly DataField TimeField = RowGroupEncoder.Timestamp("event_time", false);
    private static readonly DataField SessionIdField = Text("session_id", true);
    private static readonly DataField TypeField = Text("event_type", false);
    private static readonly DataField ItemField = Text("item_id", true);
    private static readonly DataField CategoryField = Text("category", true);
    private static readonly DataField BrandField = Text("brand", true);
    private static readonly DataField PriceField = new DataField<double?>("price");

    public SilverEventRows() => Columns = [Users, Numbers, Indexes, Times, SessionIds, Types, Items, Categories, Brands, Prices];

    public SilverColumn<ReadOnlyMemory<char>> Users { get; } = new(UserField, dictionary: true);

    public SilverColumn<int> Numbers { get; } = new(NumberField);

    public SilverColumn<int> Indexes { get; } = new(IndexField);

    public SilverColumn<DateTime> Times { get; } = new(TimeField);

    public NullableSilverColumn<ReadOnlyMemory<char>> SessionIds { get; } = new(SessionIdField);

    public SilverColumn<ReadOnlyMemory<char>> Types { get; } = new(TypeField, dictionary: true);

    public NullableSilverColumn<ReadOnlyMemory<char>> Items { get; } = new(ItemField);

    public NullableSilverColumn<ReadOnlyMemory<char>> Categories { get; } = new(CategoryField, dictionary: true);

    public NullableSilverColumn<ReadOnlyMemory<char>> Brands { get; } = new(BrandField, dictionary: true);

    public NullableSilverColumn<double> Prices { get; } = new(PriceField);

    protected override IReadOnlyList<SilverColumn> Columns { get; }
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

    public SilverSessionRows() => Columns =
    [
        Keys, Users, SourceIds, Starts, Ends, Durations, Events, Views, Carts, Removes, Purchases, Converted, FirstPurchaseTimes,
        FirstPurchaseIndexes, Numbers, Reconciled, Split,
    ];

    public SilverColumn<ReadOnlyMemory<char>> Keys { get; } = new(KeyField);

    public SilverColumn<ReadOnlyMemory<char>> Users { get; } = new(UserField, dictionary: true);

    public NullableSilverColumn<ReadOnlyMemory<char>> SourceIds { get; } = new(SourceIdField);

    public SilverColumn<DateTime> Starts { get; } = new(StartField);

    public SilverColumn<DateTime> Ends { get; } = new(EndField);

    public SilverColumn<double> Durations { get; } = new(DurationField);

    public SilverColumn<long> Events { get; } = new(EventsField);

    public SilverColumn<long> Views { get; } = new(ViewsField);

    public SilverColumn<long> Carts { get; } = new(CartsField);

    public SilverColumn<long> Removes { get; } = new(RemovesField);

    public SilverColumn<long> Purchases { get; } = new(PurchasesField);

    public SilverColumn<bool> Converted { get; } = new(ConvertedField);

    public NullableSilverColumn<DateTime> FirstPurchaseTimes { get; } = new(FirstPurchaseTimeField);

    public NullableSilverColumn<int> FirstPurchaseIndexes { get; } = new(FirstPurchaseIndexField);

    public SilverColumn<int> Numbers { get; } = new(NumberField);

    public SilverColumn<bool> Reconciled { get; } = new(ReconciledField);

    public SilverColumn<bool> Split { get; } = new(SplitField);

    protected override IReadOnlyList<SilverColumn> Columns { get; }
}
