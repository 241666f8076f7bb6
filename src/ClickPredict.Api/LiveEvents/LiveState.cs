using ClickPredict.Api.Configuration;
using ClickPredict.Features;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

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
    private readonly TimeSpan gap;
    private readonly ConnectionMultiplexer? redis;
    private readonly ILogger<LiveState> log;
    private ILiveHistory? current;

    public LiveState(IOptions<ServingOptions> options, IConfiguration configuration, ILogger<LiveState> log)
    {
        this.log = log;
        events = new LiveEventLog(options.Value.LiveFolder ?? Path.Combine(options.Value.LakeFolder, "live"));
        gap = SessionsManifest.Load(new Lake(options.Value.LakeFolder)) is { } silver ? TimeSpan.FromSeconds(silver.GapSeconds) : SessionizeOptions.DefaultGap;
        if (Store(configuration) is { } endpoint)
        {
            redis = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { endpoint }, AbortOnConnectFail = false });
            // Predictions read Redis synchronously (a few round trips each) on the request's thread; without
            // enough threads ready, 64 concurrent requests starved the pool and waited seconds (bench events --redis).
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(Math.Max(workers, 256), io);
            log.LogInformation("Live history in Redis at {Endpoint}", endpoint);
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

    /// <summary>Records the events (embedded: logs the new ones on the disk first); returns each event's outcome.</summary>
    public LiveOutcome[] Record(OnlineSnapshot snapshot, IReadOnlyList<LiveEvent> batch)
    {
        if (redis is not null)
        {
            return For(snapshot).Record(batch);
        }

        lock (gate)
        {
            var live = Rebuild(snapshot);
            events.Append([.. batch.Where(e => !live.Contains(e.EventId)).DistinctBy(e => e.EventId)]);
            return live.Record(batch);
        }
    }

    public void Dispose() => redis?.Dispose();

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
