namespace ClickPredict.Storage;

/// <summary>
/// One run of a lake stage (ingest, compaction, sessionize, features): its build id, UTC time and a random
/// suffix (sortable, unique), and its staging folder under the lake's <c>_staging</c>. The stage writes there,
/// commits by moving or renaming what it wrote into the lake, and disposing the run removes whatever is left:
/// after a commit, nothing; after a failure, everything the run wrote, so none of it reaches the lake.
/// </summary>
internal sealed class StageRun : IDisposable
{
    private StageRun(string id, DateTimeOffset started, string folder)
    {
        Id = id;
        Started = started;
        Folder = folder;
    }

    public string Id { get; }

    public DateTimeOffset Started { get; }

    /// <summary>The run's staging folder (not created until the stage writes to it).</summary>
    public string Folder { get; }

    /// <summary>A new run of <paramref name="stage"/>; its folder is <c>_staging/&lt;stage&gt;-&lt;id&gt;</c> (just the id for ingest, whose recovery knows that name).</summary>
    public static StageRun Start(Lake lake, string? stage, TimeProvider clock)
    {
        var started = clock.GetUtcNow();
        var id = NewId(started);
        return new StageRun(id, started, Path.Combine(lake.Staging, stage is null ? id : $"{stage}-{id}"));
    }

    public static string NewId(DateTimeOffset at) => $"{at:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}";

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
