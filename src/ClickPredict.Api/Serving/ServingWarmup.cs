using System.Security.Cryptography;
using System.Text;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.Predictions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Serving;

/// <summary>
/// Once the server listens and a model is loaded, sends the API its own predictions over loopback
/// (Kestrel, routing, binding, JSON, validation, features, scoring, explanation), so the first real
/// request does not pay for compiling them; /health/ready waits for it. The warm-up requests carry a
/// per-process random token: they are neither rate limited, counted as predictions nor logged.
/// </summary>
internal sealed class ServingWarmup(
    IServer server, IHostApplicationLifetime lifetime, ModelHost host, TimeProvider clock, IOptions<ServingOptions> options, ILogger<ServingWarmup> log)
    : BackgroundService
{
    public const string Header = "X-ClickPredict-Warm-Up";

    /// <summary>Enough rounds for the hot methods to be called past the JIT's first tier.</summary>
    private const int Rounds = 40;

    private readonly byte[] token = Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
    private volatile bool done;
    private int answered;

    /// <summary>True once the warm-up has run, failed, or was not wanted: readiness never waits on it for long.</summary>
    public bool Done => done;

    /// <summary>How many warm-up requests were answered 200.</summary>
    public int Answered => Volatile.Read(ref answered);

    /// <summary>Whether <paramref name="request"/> is this process's own warm-up (constant-time token check).</summary>
    public bool IsWarmUp(HttpRequest request) =>
        request.Headers.TryGetValue(Header, out var value) && value.Count == 1 && value[0] is { } sent
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(sent), token);

    /// <summary>Decides, before the server takes requests, whether there is a warm-up to wait for (ExecuteAsync runs on its own thread, later).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        done = !options.Value.WarmUp || host.Current is null || server.Features.Get<IServerAddressesFeature>() is null;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (done)
        {
            return;
        }

        try
        {
            if (await Started(stoppingToken) is not { } address)
            {
                return;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add(Header, Encoding.ASCII.GetString(token));
            var session = Session();
            for (var round = 0; round < Rounds; round++)
            {
                var path = round % 4 == 3 ? "v1/predictions?explain=true" : "v1/predictions";
                using var response = round % 8 == 7
                    ? await http.PostAsJsonAsync("v1/predictions/batch", new BatchPredictionRequest([session, session]), stoppingToken)
                    : await http.PostAsJsonAsync(path, session, stoppingToken);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref answered);
            }

            log.LogInformation("Warmed up with {Rounds} predictions over {Address} in {Elapsed:F0} ms", Rounds, address, watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            log.LogWarning("The warm-up did not finish; the first requests will be slower: {Reason}", e.Message);
        }
        finally
        {
            done = true;
        }
    }

    /// <summary>The server's own loopback address once it listens, or null when it has none (an in-memory test server).</summary>
    private async Task<Uri?> Started(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        using (stoppingToken.Register(started.SetCanceled))
        {
            await started.Task;
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal));
        if (address is null)
        {
            return null;
        }

        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        return uri.Uri;
    }

    /// <summary>A 20-event session of views and two carts that ended a minute ago, for a user the snapshot does not know.</summary>
    private PredictionRequest Session()
    {
        var start = clock.GetUtcNow().AddMinutes(-10);
        return new PredictionRequest("warm-up", [.. Enumerable.Range(0, 20).Select(i => new SessionEventRequest(
            start.AddSeconds(23 * i), i % 10 == 9 ? "cart" : "view", $"warm-up-item-{i % 7}", $"warm-up-category-{i % 3}", "warm-up-brand", 10 + i))]);
    }
}
