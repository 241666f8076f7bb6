using ClickPredict.Api.Configuration;
using ClickPredict.Features;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.LiveEvents;

/// <summary>
/// The live history the API scores with: the serving snapshot plus every event posted to
/// <c>/v1/events</c> since its cutoff, rebuilt from the durable log whenever the snapshot changes
/// (a reload after a features build). Posting writes the new events to the log, on the disk, before
/// applying and acknowledging them; one lock orders posts and rebuilds, so no acknowledged event is
/// missing from the history that replaces another.
/// </summary>
internal sealed class LiveState(IOptions<ServingOptions> options, ILogger<LiveState> log)
{
    private readonly Lock gate = new();
    private readonly LiveEventLog events = new(options.Value.LiveFolder ?? Path.Combine(options.Value.LakeFolder, "live"));
    private readonly TimeSpan gap = SessionsManifest.Load(new Lake(options.Value.LakeFolder)) is { } silver
        ? TimeSpan.FromSeconds(silver.GapSeconds)
        : SessionizeOptions.DefaultGap;

    private LiveHistory? current;

    /// <summary>The live history over <paramref name="snapshot"/>.</summary>
    public LiveHistory For(OnlineSnapshot snapshot)
    {
        var live = Volatile.Read(ref current);
        if (live is not null && ReferenceEquals(live.Snapshot, snapshot))
        {
            return live;
        }

        lock (gate)
        {
            return Rebuild(snapshot);
        }
    }

    /// <summary>Logs the events not recorded before (on the disk), then applies them; returns each event's outcome.</summary>
    public LiveOutcome[] Record(OnlineSnapshot snapshot, IReadOnlyList<LiveEvent> batch)
    {
        lock (gate)
        {
            var live = Rebuild(snapshot);
            events.Append([.. batch.Where(e => !live.Contains(e.EventId)).DistinctBy(e => e.EventId)]);
            return [.. batch.Select(live.Record)];
        }
    }

    private LiveHistory Rebuild(OnlineSnapshot snapshot)
    {
        if (current is { } live && ReferenceEquals(live.Snapshot, snapshot))
        {
            return live;
        }

        var next = new LiveHistory(snapshot, gap);
        var (logged, skipped) = events.Read();
        foreach (var e in logged)
        {
            next.Record(e);
        }

        if (skipped > 0)
        {
            log.LogWarning("Skipped {Lines} line(s) of the live event log that do not parse (a write cut short?)", skipped);
        }

        log.LogInformation("Live history over snapshot {Snapshot}: {Applied} event(s) since its cutoff from {Logged} logged", snapshot.BuildId, next.Applied, logged.Count);
        Volatile.Write(ref current, next);
        return next;
    }
}
