using ClickPredict.Mlflow.Tests.Support;

namespace ClickPredict.Mlflow.Tests;

public sealed class ClientOptionsTests : StandInTest
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void No_tracking_uri_means_tracking_is_off()
    {
        Assert.Null(MlflowClientOptions.FromEnvironment(Env(("MLFLOW_EXPERIMENT_NAME", "x"))));
    }

    [Fact]
    public void Reads_the_variables_mlflow_users_set()
    {
        var options = MlflowClientOptions.FromEnvironment(Env(
            ("MLFLOW_TRACKING_URI", "http://mlflow:5000/prefix"), ("MLFLOW_TRACKING_USERNAME", "ann"), ("MLFLOW_TRACKING_PASSWORD", "pw"),
            ("MLFLOW_EXPERIMENT_NAME", "clicks"), ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2"), ("MLFLOW_HTTP_REQUEST_TIMEOUT", "7.5")))!;

        Assert.Equal(new Uri("http://mlflow:5000/prefix"), options.TrackingUri);
        Assert.Equal(("ann", "pw", "clicks"), (options.Username, options.Password, options.ExperimentName));
        Assert.Equal(3, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(7.5), options.RequestTimeout);
    }

    [Theory]
    [InlineData("file:///tmp/mlruns")]
    [InlineData("sqlite:///mlflow.db")]
    [InlineData("databricks")]
    public void A_non_http_tracking_uri_is_refused_with_a_reason(string uri)
    {
        var ex = Assert.Throws<ArgumentException>(() => MlflowClientOptions.FromEnvironment(Env(("MLFLOW_TRACKING_URI", uri))));
        Assert.Contains("http(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic_auth_reaches_the_server()
    {
        using var client = Server.Client(o => o with { Username = "ann", Password = "s3cret" });
        await client.GetExperimentByNameAsync("Default");
        Assert.Equal("Basic " + Convert.ToBase64String("ann:s3cret"u8.ToArray()), Server.Requests.Last().Authorization);
    }

    [Fact]
    public async Task A_token_is_sent_as_bearer_in_preference_to_basic_auth()
    {
        using var client = Server.Client(o => o with { Username = "ann", Password = "pw", Token = "tok-1" });
        await client.GetExperimentByNameAsync("Default");
        Assert.Equal("Bearer tok-1", Server.Requests.Last().Authorization);
    }

    [Fact]
    public async Task A_path_prefix_in_the_tracking_uri_is_kept()
    {
        // The stand-in serves no prefix, so a kept prefix yields its HTML 404, proving it was sent.
        using var client = Server.Client(o => o with { TrackingUri = new Uri(Server.Uri, "mlflow/") });
        var ex = await Assert.ThrowsAsync<MlflowException>(() => client.GetRunAsync("r"));
        Assert.Equal("/mlflow/api/2.0/mlflow/runs/get", Server.Requests.Last().Path);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.StatusCode);
    }
}
