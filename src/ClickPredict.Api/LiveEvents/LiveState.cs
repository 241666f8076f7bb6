using ClickPredict.Api.Configuration;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using System.Threading.Channels;

namespace ClickPredict.Api.LiveEvents;

/// <summary>
/// The live history the API scores with: the serving snapshot plus every event posted to
/// <c>/v1/events</c> since its cutoff. By default it lives in this process (<see cref="LiveHistory"/>),
/// rebuilt from the durable log whenever the snapshot changes (a reload after a features build); a
/// post writes the new events to the log, on the disk, before applying and acknowledging them, and one
/// lock orders posts and rebuilds, so no acknowledged event is missing from the history that replaces
/// another. With <c>ONLINE_STORE=redis://host:port</c> it lives in Redis (<see cref="RedisLiveHistory"/>),
/// shared by every replica; Redis's own persistence keeps it.
/// </summary>
internal sealed class LiveState : IDisposable
{
    private readonly Lock gate = new();
    private readonly LiveEventLog events;
    private readonly Lake lake;
    private readonly TimeSpan gap;
    private readonly LiveFlushRules flushRules;
    private readonly TimeProvider clock;

    /// <summary>This process among the replicas sharing Redis.</summary>
    private readonly string replica = Guid.NewGuid().ToString("N");
    private readonly ConnectionMultiplexer? redis;
    private readonly ILogger<LiveState> log;
    private readonly Channel<PendingPost> posts = Channel.CreateUnbounded<PendingPost>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task? writer;
    private ILiveHistory? current;

    public LiveState(IOptions<ServingOptions> options, IOptions<LiveOptions> live, IConfiguration configuration, TimeProvider clock, ILogger<LiveState> log)
    {
        this.log = log;
        this.clock = clock;
        events = new LiveEventLog(options.Value.LiveFolder ?? Path.Combine(options.Value.LakeFolder, "live"));
        lake = new Lake(options.Value.LakeFolder);
        gap = SessionsManifest.Load(lake) is { } silver ? TimeSpan.FromSeconds(silver.GapSeconds) : SessionizeOptions.DefaultGap;
        flushRules = new LiveFlushRules(gap, live.Value.MaxHold, live.Value.StaleAfter);
        if (Store(configuration) is { } endpoint)
        {
            redis = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { endpoint }, AbortOnConnectFail = false });
            // Predictions read Redis synchronously (a few round trips each) on the request's thread; without
            // enough threads ready, 64 concurrent requests starved the pool and waited seconds (bench events --redis).
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(Math.Max(workers, 256), io);
            log.LogInformation("Live history in Redis at {Endpoint}", endpoint);
        }
        else
        {
            writer = Task.Run(WriteAsync);
        }
    }

    /// <summary>Where the shared store is, from <c>ONLINE_STORE</c> (<c>redis://host:port</c>), or null for the embedded one.</summary>
    public static string? Store(IConfiguration configuration) =>
        configuration["ONLINE_STORE"] is { Length: > 0 } url
            ? Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "redis" && uri.Port > 0
                ? $"{uri.Host}:{uri.Port}"
                : throw new OptionsValidationException("ONLINE_STORE", typeof(string), ["ONLINE_STORE must be redis://host:port (or unset for the embedded store)."])
            : null;

    /// <summary>The live history over <paramref name="snapshot"/>.</summary>
    public ILiveHistory For(OnlineSnapshot snapshot)
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

    /// <summary>
    /// Records the events and returns each one's outcome once they are durable. Embedded, the posts that
    /// arrive while the log is being written wait for one writer, which logs all of their new events
    /// with one fsync (group commit), then applies them and answers each post.
    /// </summary>
    public Task<LiveOutcome[]> RecordAsync(OnlineSnapshot snapshot, IReadOnlyList<LiveEvent> batch)
    {
        if (redis is not null)
        {
            return Task.FromResult(For(snapshot).Record(batch));
        }

        var post = new PendingPost(snapshot, batch, new TaskCompletionSource<LiveOutcome[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!posts.Writer.TryWrite(post))
        {
            throw new ObjectDisposedException(nameof(LiveState));
        }

        return post.Done.Task;
    }

    /// <summary>The one writer of the embedded log: takes every post waiting, logs their new events together, answers them.</summary>
    private async Task WriteAsync()
    {
        var group = new List<PendingPost>();
        while (await posts.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (posts.Reader.TryRead(out var post))
            {
                group.Add(post);
            }

            // A reload between two posts splits the group: each part goes to the history over its snapshot.
            var from = 0;
            for (var i = 1; i <= group.Count; i++)
            {
                if (i == group.Count || !ReferenceEquals(group[i].Snapshot, group[from].Snapshot))
                {
                    Commit(group[from..i]);
                    from = i;
                }
            }

            group.Clear();
        }
    }

    private void Commit(List<PendingPost> part)
    {
        try
        {
            lock (gate)
            {
                var live = Rebuild(part[0].Snapshot);
                events.Append([.. part.SelectMany(p => p.Batch).Where(e => !live.Contains(e.EventId)).DistinctBy(e => e.EventId)]);
                foreach (var post in part)
                {
                    post.Done.TrySetResult(live.Record(post.Batch));
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing of these posts is acknowledged (each gets the error); the writer goes on with the next ones.
            foreach (var post in part)
            {
                post.Done.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// Moves the events of sessions finished by <paramref name="now"/> (<see cref="LiveBronze.FinishedBefore"/>)
    /// into the lake's bronze through the ingest, then marks them: in the embedded log as flushed (a line
    /// the serving snapshot also covers is dropped, which keeps the log to the time since the snapshot),
    /// in Redis by deleting them from the outbox stream. Between the two steps a crash leaves them
    /// unmarked, and the next flush's ingest finds them duplicates of bronze: nothing lost, nothing twice.
    /// With Redis one replica flushes at a time (a lock key), and trims what no replica reads any more.
    /// </summary>
    public LiveFlush Flush(OnlineSnapshot snapshot, DateTimeOffset now)
    {
        if (redis is not null)
        {
            return RedisOutbox.Flush(redis.GetDatabase(), replica, snapshot, lake, events.Folder, now, flushRules, clock);
        }

        List<LiveEvent> pending;
        lock (gate)
        {
            pending = [.. events.ReadLogged().Events.Where(l => !l.Flushed).Select(l => l.Event).DistinctBy(e => e.EventId)];
        }

        var finished = flushRules.Finished(pending, now);
        if (finished.Count == 0)
        {
            return new LiveFlush(0, pending.Count, null);
        }

        var ingest = LiveBronze.Ingest(lake, Path.Combine(events.Folder, "outbox"), finished, clock);
        var flushed = finished.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        var covered = EpochMicros.Of(snapshot.AsOf);
        lock (gate)
        {
            var logged = events.ReadLogged().Events.Select(l => flushed.Contains(l.Event.EventId) ? l with { Flushed = true } : l);
            events.Rewrite([.. logged.Where(l => !(l.Flushed && l.Event.Micros < covered))]);
        }

        return new LiveFlush(finished.Count, pending.Count - finished.Count, ingest);
    }

    public void Dispose()
    {
        posts.Writer.TryComplete();
        writer?.GetAwaiter().GetResult();
        redis?.Dispose();
    }

    private ILiveHistory Rebuild(OnlineSnapshot snapshot)
    {
        if (current is { } live && ReferenceEquals(live.Snapshot, snapshot))
        {
            return live;
        }

        ILiveHistory next;
        if (redis is not null)
        {
            next = new RedisLiveHistory(snapshot, redis.GetDatabase(), gap);
        }
        else
        {
            var embedded = new LiveHistory(snapshot, gap);
            var (logged, skipped) = events.Read();
            foreach (var e in logged)
            {
                embedded.Record(e);
            }

            if (skipped > 0)
            {
                log.LogWarning("Skipped {Lines} line(s) of the live event log that do not parse (a write cut short?)", skipped);
            }

            log.LogInformation("Live history over snapshot {Snapshot}: {Applied} event(s) since its cutoff from {Logged} logged", snapshot.BuildId, embedded.Applied, logged.Count);
            next = embedded;
        }

        Volatile.Write(ref current, next);
        return next;
    }
}

/// <summary>A post waiting for the log's writer.</summary>
internal sealed record PendingPost(OnlineSnapshot Snapshot, IReadOnlyList<LiveEvent> Batch, TaskCompletionSource<LiveOutcome[]> Done);

/// <summary>One flush: events moved into bronze, events held back (sessions still open), and the ingest that moved them.</summary>
internal sealed record LiveFlush(int Flushed, int Held, IngestResult? Ingest)
{
    /// <summary>With Redis: users, items and categories whose members no replica reads any more were deleted.</summary>
    public int Trimmed { get; init; }
}

/// <summary>When a flush takes an event (the session gap, the longest hold), and when a silent replica stops holding trimming back.</summary>
internal sealed record LiveFlushRules(TimeSpan Gap, TimeSpan MaxHold, TimeSpan StaleAfter)
{
    /// <summary>Of <paramref name="pending"/>, the events whose sessions have finished by <paramref name="now"/> (<see cref="LiveBronze.FinishedBefore"/>).</summary>
    public List<LiveEvent> Finished(IReadOnlyList<LiveEvent> pending, DateTimeOffset now)
    {
        var before = LiveBronze.FinishedBefore(
            pending, EpochMicros.Of(now.UtcDateTime), Gap.Ticks / TimeSpan.TicksPerMicrosecond, MaxHold.Ticks / TimeSpan.TicksPerMicrosecond);
        return [.. pending.Where(e => e.Micros < before)];
    }
}
