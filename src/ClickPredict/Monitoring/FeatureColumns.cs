namespace ClickPredict.Monitoring;

/// <summary>A window's feature values column by column (one array per name, all of <see cref="Rows"/> values), and its scores when known.</summary>
internal sealed record FeatureColumns(IReadOnlyList<string> Names, float[][] Values, int Rows, float[]? Scores)
{
    /// <summary>The rows the window held: more than <see cref="Rows"/> when these are a sample of them.</summary>
    public long Of { get; init; } = Rows;

    public float[] Column(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return Values[i];
            }
        }

        throw new KeyNotFoundException($"No column {name}.");
    }

    /// <summary>Row-major values of <paramref name="names"/> (all present) for the given rows, the layout the model scores.</summary>
    public float[] RowMajor(IReadOnlyList<string> names, IReadOnlyList<int> rows)
    {
        var columns = names.Select(Column).ToArray();
        var block = new float[(long)rows.Count * names.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = columns[c];
            for (var r = 0; r < rows.Count; r++)
            {
                block[((long)r * columns.Length) + c] = column[rows[r]];
            }
        }

        return block;
    }

    /// <summary>At most <paramref name="count"/> rows, evenly spaced over all of them.</summary>
    public IReadOnlyList<int> EvenlySpacedRows(int count) =>
        Rows <= count ? [.. Enumerable.Range(0, Rows)] : [.. Enumerable.Range(0, count).Select(i => (int)((long)i * Rows / count))];
}
