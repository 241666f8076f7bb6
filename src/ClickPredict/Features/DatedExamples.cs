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
    private readonly Dictionary<DateOnly, (string File, ExampleCounts Counts)> files = [];
    private readonly ExamplesWriter.Buffers buffers = new();
    private string? currentFile;
    private Task closing = Task.CompletedTask;
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

    /// <summary>Completes every file; the counts and <see cref="Files"/> are final after it.</summary>
    public void Dispose()
    {
        Close();
        closing.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Finishes the current date's file on another thread while the pass goes on with the next date
    /// (most dates hold less than one row group, so all their encoding happens here); one at a time.
    /// </summary>
    private void Close()
    {
        closing.GetAwaiter().GetResult();
        if (writer is null)
        {
            return;
        }

        var (done, output, date, file) = (writer, stream!, current, currentFile!);
        writer = null;
        stream = null;
        closing = Task.Run(() =>
        {
            done.Dispose();
            output.Dispose();
            Rows += done.Rows;
            Positives += done.Positives;
            Sessions += done.Sessions;
            files[date] = (file, new ExampleCounts(done.Rows, done.Positives, done.Sessions));
        });
    }
}
