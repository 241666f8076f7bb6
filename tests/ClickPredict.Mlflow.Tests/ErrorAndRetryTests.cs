using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClickPredict.Mlflow.StandIn;
using ClickPredict.Mlflow.Tests.Support;

namespace ClickPredict.Mlflow.Tests;

public sealed class ErrorAndRetryTests : StandInTest
{
    [Theory]
    [InlineData(Fault.Unavailable)]
    [InlineData(Fault.TooManyRequests)]
    [InlineData(Fault.Html500)]
    [InlineData(Fault.Reset)]
    public async Task Transient_failures_are_retried_until_the_call_succeeds(Fault fault)
    {
        Server.InjectFault(fault, count: 2);
        var id = await Client.CreateExperimentAsync("clicks");

        Assert.Equal("1", id);
        Assert.Equal(3, Server.CountRequests("POST", "experiments/create"));
        Assert.Single(Server.State.Experiments, e => e.Name == "clicks");
    }

    [Fact]
    public async Task A_persistent_503_fails_after_max_attempts_with_mlflow_error_code()
    {
        Server.InjectFault(Fault.Unavailable);
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.GetRunAsync("r"));

        Assert.Equal(4, Server.CountRequests("GET", "runs/get"));
        Assert.Equal(4, ex.Attempts);
        Assert.True(ex.IsTransient);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(MlflowErrorCodes.TemporarilyUnavailable, ex.ErrorCode);
        Assert.Contains("after 4 attempt(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_500_page_gives_a_clear_exception_after_retries()
    {
        Server.InjectFault(Fault.Html500);
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.GetRunAsync("r"));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Null(ex.ErrorCode);
        Assert.Equal("500 Internal Server Error", ex.ServerMessage);
        Assert.Contains("text/html body, not an MLflow API error", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_404_is_not_retried_and_says_the_uri_may_be_wrong()
    {
        Server.InjectFault(Fault.Html404);
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.GetRunAsync("r"));

        Assert.Equal(1, Server.CountRequests("GET", "runs/get"));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.False(ex.IsNotFound);
        Assert.Contains("is the tracking URI right?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_gets_the_servers_html_404()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(Server.Uri, "api/2.0/mlflow/nothing"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_4xx_mlflow_error_is_not_retried()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        var run = await Client.CreateRunAsync(experimentId);
        await Client.LogBatchAsync(run.Info.RunId, @params: [new("p", "1")]);

        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.LogBatchAsync(run.Info.RunId, @params: [new("p", "2")]));

        Assert.Equal(2, Server.CountRequests("POST", "runs/log-batch"));
        Assert.Equal(MlflowErrorCodes.InvalidParameterValue, ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.StartsWith("Changing param values is not allowed", ex.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_is_retried_then_reported_once_as_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new MlflowClient(new MlflowClientOptions
        {
            TrackingUri = new Uri($"http://127.0.0.1:{port}"),
            MaxAttempts = 3,
            InitialRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromMilliseconds(60),
        });

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<MlflowException>(() => client.GetExperimentByNameAsync("x"));

        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.Equal(3, ex.Attempts);
        Assert.Contains("server unreachable after 3 attempt(s)", ex.Message, StringComparison.Ordinal);
        Assert.InRange(clock.ElapsedMilliseconds, 100, 5_000);
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_is_retried()
    {
        // A timeout far above a normal answer's time even on a loaded machine, so only the slow answer times out.
        Server.SlowDelay = TimeSpan.FromMilliseconds(4_000);
        Server.InjectFault(Fault.Slow, count: 1);
        using var client = Server.Client(o => o with { RequestTimeout = TimeSpan.FromMilliseconds(1_000) });

        var experiment = await client.GetExperimentByNameAsync("Default");

        Assert.Equal("0", experiment?.ExperimentId);
        Assert.Equal(2, Server.CountRequests("GET", "experiments/get-by-name"));
    }

    [Fact]
    public async Task Backoff_doubles_and_is_capped()
    {
        Server.InjectFault(Fault.Unavailable, count: 5);
        using var client = Server.Client(o => o with
        {
            MaxAttempts = 6,
            InitialRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(150),
        });

        var clock = Stopwatch.StartNew();
        await client.GetExperimentByNameAsync("Default");

        // 100 + 4 × 150 = 700 ms of waiting; uncapped doubling would wait 100 + 200 + 400 + 800 + 1600 = 3.1 s.
        Assert.Equal(6, Server.CountRequests("GET", "experiments/get-by-name"));
        Assert.InRange(clock.ElapsedMilliseconds, 690, 2_500);
    }
}
