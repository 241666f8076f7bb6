namespace ClickPredict.Training;

/// <summary>
/// Gold examples held column-wise in memory, ordered by (session start, session key, cut), so a time
/// split is three contiguous slices and every run sees the rows in the same order. A table may be a
/// slice or a row selection of another; they share the feature block.
/// </summary>
internal sealed class ExampleTable
{
    private readonly float[] features;
    private readonly bool[] labels;
    private readonly long[] sessionStarts;
    private readonly int[] sessionOrdinals;
    private readonly int[] rows;

    /// <param name="featureNames">Feature columns, in the order of each row's block.</param>
    /// <param name="features">Row-major feature values.</param>
    /// <param name="labels">Whether the session purchases after the cut.</param>
    /// <param name="sessionStartMicros">Session start, epoch microseconds, non-decreasing.</param>
    /// <param name="sessionOrdinals">0, 1, 2, … numbering sessions in row order; equal for a session's rows.</param>
    public ExampleTable(IReadOnlyList<string> featureNames, float[] features, bool[] labels, long[] sessionStartMicros, int[] sessionOrdinals)
        : this(featureNames, features, labels, sessionStartMicros, sessionOrdinals, [.. Enumerable.Range(0, labels.Length)])
    {
        if (features.Length != labels.Length * featureNames.Count || sessionStartMicros.Length != labels.Length || sessionOrdinals.Length != labels.Length)
        {
            throw new ArgumentException("Feature block, labels, session starts and session ordinals disagree on the number of rows.");
        }
    }

    private ExampleTable(IReadOnlyList<string> featureNames, float[] features, bool[] labels, long[] sessionStarts, int[] sessionOrdinals, int[] rows)
    {
        FeatureNames = featureNames;
        this.features = features;
        this.labels = labels;
        this.sessionStarts = sessionStarts;
        this.sessionOrdinals = sessionOrdinals;
        this.rows = rows;
        Positives = rows.Count(r => labels[r]);
    }

    public IReadOnlyList<string> FeatureNames { get; }

    public int FeatureCount => FeatureNames.Count;

    public int Count => rows.Length;

    public int Positives { get; }

    public int Negatives => Count - Positives;

    public double BaseRate => Count == 0 ? 0 : (double)Positives / Count;

    public bool Label(int i) => labels[rows[i]];

    public long SessionStartMicros(int i) => sessionStarts[rows[i]];

    public int SessionOrdinal(int i) => sessionOrdinals[rows[i]];

    /// <summary>Distinct sessions among the rows (rows of a session are adjacent in a slice).</summary>
    public int Sessions => Count == 0 ? 0 : rows.Select(r => sessionOrdinals[r]).Distinct().Count();

    public ReadOnlySpan<float> Features(int i) => features.AsSpan(rows[i] * FeatureCount, FeatureCount);

    /// <summary>Rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public ExampleTable Slice(int start, int count) => new(FeatureNames, features, labels, sessionStarts, sessionOrdinals, rows[start..(start + count)]);

    /// <summary>The rows at the given positions of this table, in that order.</summary>
    public ExampleTable Select(IEnumerable<int> positions) =>
        new(FeatureNames, features, labels, sessionStarts, sessionOrdinals, [.. positions.Select(p => rows[p])]);

    /// <summary>Index of the first row whose session starts at or after <paramref name="micros"/> (rows are ordered by start).</summary>
    public int FirstAtOrAfter(long micros)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (SessionStartMicros(mid) < micros)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    public bool[] Labels() => [.. Enumerable.Range(0, Count).Select(Label)];
}
