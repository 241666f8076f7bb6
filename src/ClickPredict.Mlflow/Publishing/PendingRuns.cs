using System.Text.Json;

namespace ClickPredict.Mlflow.Publishing;

/// <summary>
/// Records that could not be published, one JSON file each (<c>&lt;run key&gt;.json</c>) in a folder, with what failed.
/// Files are written to a temporary name and renamed, so a crash never leaves half a record.
/// </summary>
/// <param name="folder">The folder; created on the first save.</param>
/// <param name="clock">Where failure times come from (the system clock unless a test gives its own).</param>
public sealed class PendingRuns(string folder, TimeProvider? clock = null)
{
    /// <summary>The folder holding the pending records.</summary>
    public string Folder => folder;

    /// <summary>Keeps a record with the reason it failed (replacing an older copy, whose first failure time and attempt count carry on). Returns the file.</summary>
    public async Task<string> SaveAsync(TrainingRunRecord record, string failure, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        Directory.CreateDirectory(folder);
        var path = PathOf(record.RunKey);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var previous = TryRead(path);
        var entry = new PendingRun(record, failure, previous?.FirstFailedAt ?? now, now, (previous?.Attempts ?? 0) + 1);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await JsonSerializer.SerializeAsync(stream, entry, PendingJson.Default.PendingRun, ct);
            }
            File.Move(temp, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The pending records, oldest failure first; files that cannot be read are left alone and listed by <see cref="UnreadableFiles"/>.</summary>
    public IReadOnlyList<PendingRun> List() =>
        [.. Files().Select(TryRead).OfType<PendingRun>().OrderBy(p => p.FirstFailedAt)];

    /// <summary>Files in the folder that are not readable pending records (left for a person to look at).</summary>
    public IReadOnlyList<string> UnreadableFiles() => [.. Files().Where(f => TryRead(f) is null)];

    /// <summary>Forgets a record once it is published; returns whether there was one.</summary>
    public Task<bool> RemoveAsync(string runKey)
    {
        var path = PathOf(runKey);
        if (!File.Exists(path))
            return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    /// <summary>
    /// Replays every pending record and removes the ones that got published. Stops at the first failure that says
    /// the server is unreachable (the rest would fail the same way); a record the server rejects stays pending
    /// with the new reason and the next one is tried.
    /// </summary>
    public async Task<SyncReport> SyncAsync(RunPublisher publisher, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var published = new List<PublishedRun>();
        var stillPending = new List<PendingRun>();
        var pending = List();
        for (var i = 0; i < pending.Count; i++)
        {
            var entry = pending[i];
            try
            {
                published.Add(await publisher.PublishAsync(entry.Record, ct));
                await RemoveAsync(entry.Record.RunKey);
            }
            catch (MlflowException ex)
            {
                await SaveAsync(entry.Record, ex.Message, ct);
                stillPending.Add(entry with { Failure = ex.Message, Attempts = entry.Attempts + 1 });
                if (ex.IsTransient)
                {
                    stillPending.AddRange(pending.Skip(i + 1));
                    break;
                }
            }
        }
        return new SyncReport(published, stillPending, UnreadableFiles());
    }

    private IEnumerable<string> Files() =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json").Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal) : [];

    private string PathOf(string runKey) => Path.Combine(folder, runKey + ".json");

    private static PendingRun? TryRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, PendingJson.Default.PendingRun) is { Record: not null } entry ? entry : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>A record waiting to be published.</summary>
/// <param name="Record">What to publish.</param>
/// <param name="Failure">Why the last try failed, in one line.</param>
/// <param name="FirstFailedAt">When the first try failed.</param>
/// <param name="LastFailedAt">When the last try failed.</param>
/// <param name="Attempts">How many tries failed.</param>
public sealed record PendingRun(TrainingRunRecord Record, string Failure, DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt, int Attempts);

/// <summary>What <see cref="PendingRuns.SyncAsync"/> did.</summary>
/// <param name="Published">Records now in MLflow (and removed from the folder).</param>
/// <param name="StillPending">Records still waiting, with their latest failure.</param>
/// <param name="Unreadable">Files in the folder that are not readable records.</param>
public sealed record SyncReport(IReadOnlyList<PublishedRun> Published, IReadOnlyList<PendingRun> StillPending, IReadOnlyList<string> Unreadable)
{
    /// <summary>One line for the log, naming the first failure if any.</summary>
    public string Summary =>
        $"MLflow sync: {Published.Count} published, {StillPending.Count} still pending"
        + (Unreadable.Count > 0 ? $", {Unreadable.Count} unreadable file(s) left alone" : "")
        + (StillPending.Count > 0 ? $". First failure: {StillPending[0].Failure}" : ".");
}
