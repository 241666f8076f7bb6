using System.Diagnostics.Metrics;

namespace ClickPredict.Api.Dashboard;

/// <summary>Prediction requests since start, the rate over the last minute, and latency percentiles of the latest requests.</summary>
internal sealed record TrafficSummary(long Requests, long ServerErrors, double PerSecond, double? P50Ms, double? P95Ms, double? P99Ms, int Sampled);

/// <summary>
/// Listens to ASP.NET Core's own <c>http.server.request.duration</c> histogram of this host (not of
/// another host in the same process: the meter's scope is this host's meter factory) and keeps the
/// latest prediction requests in a ring, so the dashboard shows rate and percentiles without a
/// Prometheus server. Only <c>/v1/predictions</c> routes count: the dashboard's own refreshes would
/// otherwise be most of the traffic on a quiet day.
/// </summary>
internal sealed class LiveTraffic : IDisposable
{
    public const int Kept = 10_000;
    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string DurationInstrument = "http.server.request.duration";
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    private readonly MeterListener listener = new();
    private readonly TimeProvider clock;
    private readonly Lock recording = new();
    private readonly (long At, double Seconds)[] ring = new (long, double)[Kept];
    private long requests;
    private long serverErrors;

    public LiveTraffic(IMeterFactory meters, TimeProvider clock)
    {
        this.clock = clock;
        Since = clock.GetUtcNow();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HostingMeter && instrument.Name == DurationInstrument && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>(OnDuration);
        listener.Start();
    }

    public DateTimeOffset Since { get; }

    public TrafficSummary Summary()
    {
        (long At, double Seconds)[] latest;
        long total, errors;
        lock (recording)
        {
            total = requests;
            errors = serverErrors;
            latest = [.. ring.Take((int)Math.Min(total, Kept))];
        }

        var since = clock.GetTimestamp() - (long)(RateWindow.TotalSeconds * clock.TimestampFrequency);
        var lastMinute = latest.Count(r => r.At >= since);
        var sorted = latest.Select(r => r.Seconds * 1000).Order().ToArray();
        return new TrafficSummary(total, errors, lastMinute / RateWindow.TotalSeconds,
            Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted.Length);
    }

    public void Dispose() => listener.Dispose();

    private void OnDuration(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var prediction = false;
        var failed = false;
        foreach (var tag in tags)
        {
            prediction |= tag.Key == "http.route" && tag.Value is string route && route.StartsWith("/v1/predictions", StringComparison.Ordinal);
            failed |= tag.Key == "http.response.status_code" && tag.Value is int status && status >= 500;
        }

        if (!prediction)
        {
            return;
        }

        var at = clock.GetTimestamp();
        lock (recording)
        {
            ring[requests % Kept] = (at, seconds);
            requests++;
            serverErrors += failed ? 1 : 0;
        }
    }

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
