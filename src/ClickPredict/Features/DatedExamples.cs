using ClickPredict.Storage;
namespace ClickPredict.Features;

/// <summary>
/// Gold examples as one file per session-start date (UTC), each written by its own
/// <see cref="ExamplesWriter"/> as the ordered pass reaches that date. A file depends only on the
/// silver and options it is built from (its metadata holds no build id), so an incremental build that
/// rewrites the last dates gives the very bytes a full rebuild gives. Dates before
/// <see cref="From"/> are skipped: their files are kept from the previous build.
/// </summary>
internal sealed class DatedExamples(string folder, string buildId, DateOnly from) : IDisposable
{
    private const int MaxClosing = 2;

    private readonly Dictionary<DateOnly, (string File, ExampleCounts Counts)> files = [];
    private readonly ExamplesWriter.Buffers buffers = new();
    private readonly Queue<Task<(DateOnly Date, string File, ExampleCounts Counts)>> closing = new();
    private string? currentFile;
    private ExamplesWriter? writer;
    private Stream? stream;
    private DateOnly current;

    public DateOnly From => from;

    /// <summary>Each date's file and counts, once the file is complete.</summary>
    public IReadOnlyDictionary<DateOnly, (string File, ExampleCounts Counts)> Files => files;

    public long Rows { get; private set; }

    public long Positives { get; private set; }

    public long Sessions { get; private set; }

    public static DateOnly DateOf(long micros) => DateOnly.FromDateTime(EpochMicros.ToTime(micros));

    public static string Key(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The writer for a session starting at <paramref name="startMicros"/>; starts are non-decreasing.</summary>
    public ExamplesWriter? For(long startMicros)
    {
        var date = DateOf(startMicros);
        if (date < from)
        {
            return null;
        }

        if (writer is null || date != current)
        {
            Close();
            current = date;
            var file = Path.Combine(folder, $"part-{Key(date)}-{buildId}.parquet");
            Directory.CreateDirectory(folder);
            stream = File.Create(file);
            writer = new ExamplesWriter(stream, new Dictionary<string, string>
            {
                ["feature_set_version"] = FeatureSetVersion.Current,
                ["session_date"] = Key(date),
            }, buffers);
            currentFile = file;
        }

        return writer;
    }

    /// <summary>
    /// Hands the current date's file to another thread to finish, without waiting (the pass is done);
    /// <see cref="Dispose"/> waits for it.
    /// </summary>
    public void Finish() => Close();

    /// <summary>Completes every file; the counts and <see cref="Files"/> are final after it.</summary>
    public void Dispose()
    {
        Close();
        while (closing.Count > 0)
        {
            Finished();
        }
    }

    /// <summary>
    /// Finishes the current date's file on another thread while the pass goes on with the next date
    /// (most dates hold less than one row group, so all their encoding happens here). Two may be in
    /// flight: with one, the pass waited for the encoder 0.8 s of 5 s at 5 M events, though the two
    /// cost about as much.
    /// </summary>
    private void Close()
    {
        if (closing.Count == MaxClosing)
        {
            Finished();
        }

        if (writer is null)
        {
            return;
        }

        var (done, output, date, file) = (writer, stream!, current, currentFile!);
        writer = null;
        stream = null;
        closing.Enqueue(Task.Run(() =>
        {
            done.Dispose();
            output.Dispose();
            return (date, file, new ExampleCounts(done.Rows, done.Positives, done.Sessions));
        }));
    }

    /// <summary>Waits for the oldest file in flight and counts it (on the pass's thread, so the counts need no lock).</summary>
    private void Finished()
    {
        var (date, file, counts) = closing.Dequeue().GetAwaiter().GetResult();
        Rows += counts.Rows;
        Positives += counts.Positives;
        Sessions += counts.Sessions;
        files[date] = (file, counts);
    }
}
