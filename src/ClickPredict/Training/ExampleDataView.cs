using Microsoft.ML;
using Microsoft.ML.Data;

namespace ClickPredict.Training;

/// <summary>
/// An <see cref="ExampleTable"/> seen by ML.NET as columns Label, Features (a fixed-size vector) and
/// Weight, read straight from the table's feature block: a cursor copies each row into the caller's
/// buffer, so a pass allocates nothing per row (LoadFromEnumerable built an object and an array per
/// row and per pass, which trainers that make several passes paid for many times).
/// </summary>
internal sealed class ExampleDataView : IDataView
{
    private readonly ExampleTable table;
    private readonly float positiveWeight;

    public ExampleDataView(ExampleTable table, float positiveWeight = 1, bool withLabel = true)
    {
        this.table = table;
        this.positiveWeight = positiveWeight;
        var schema = new DataViewSchema.Builder();
        if (withLabel)
        {
            schema.AddColumn(ModelSchema.Label, BooleanDataViewType.Instance);
        }

        schema.AddColumn(ModelSchema.Features, new VectorDataViewType(NumberDataViewType.Single, table.FeatureCount));
        if (withLabel)
        {
            schema.AddColumn(ModelSchema.Weight, NumberDataViewType.Single);
        }

        Schema = schema.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => table.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(ExampleDataView view) : DataViewRowCursor
    {
        private int row = -1;

        public override long Position => row;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override bool MoveNext()
        {
            if (row < view.table.Count)
            {
                row++;
            }

            return row < view.table.Count;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = column.Name switch
            {
                ModelSchema.Label => (ValueGetter<bool>)((ref bool value) => value = view.table.Label(row)),
                ModelSchema.Weight => (ValueGetter<float>)((ref float value) => value = view.table.Label(row) ? view.positiveWeight : 1f),
                ModelSchema.Features => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    var editor = VBufferEditor.Create(ref value, view.table.FeatureCount);
                    view.table.Features(row).CopyTo(editor.Values);
                    value = editor.Commit();
                }),
                _ => throw new ArgumentOutOfRangeException(nameof(column), $"No column {column.Name}."),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column {column.Name} is not of type {typeof(TValue).Name}.");
        }
    }
}
