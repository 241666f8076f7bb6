using System.Net;
using ClickPredict.Mlflow.Tests.Support;

namespace ClickPredict.Mlflow.Tests;

public sealed class ExperimentTests : StandInTest
{
    [Fact]
    public async Task Create_then_get_by_name_returns_the_same_experiment()
    {
        var id = await Client.CreateExperimentAsync("clicks", tags: [new("team", "growth")]);
        var experiment = await Client.GetExperimentByNameAsync("clicks");

        Assert.NotNull(experiment);
        Assert.Equal(id, experiment.ExperimentId);
        Assert.Equal("clicks", experiment.Name);
        Assert.Equal($"mlflow-artifacts:/{id}", experiment.ArtifactLocation);
        Assert.Equal("growth", Assert.Single(experiment.Tags).Value);
    }

    [Fact]
    public async Task A_missing_experiment_reads_as_null()
    {
        Assert.Null(await Client.GetExperimentByNameAsync("nope"));
        Assert.Equal(1, Server.CountRequests("GET", "experiments/get-by-name"));
    }

    [Fact]
    public async Task Creating_a_taken_name_is_resource_already_exists_without_retry()
    {
        await Client.CreateExperimentAsync("clicks");
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateExperimentAsync("clicks"));

        Assert.Equal(MlflowErrorCodes.ResourceAlreadyExists, ex.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.True(ex.IsAlreadyExists);
        Assert.Equal(2, Server.CountRequests("POST", "experiments/create"));
    }

    [Fact]
    public async Task Get_or_create_creates_once()
    {
        var first = await Client.GetOrCreateExperimentAsync("clicks");
        var second = await Client.GetOrCreateExperimentAsync("clicks");

        Assert.Equal(first, second);
        Assert.Equal(1, Server.CountRequests("POST", "experiments/create"));
    }

    [Fact]
    public async Task Search_pages_through_experiments_and_filters_by_name()
    {
        foreach (var name in new[] { "a", "b", "c" })
            await Client.CreateExperimentAsync(name);

        var first = await Client.SearchExperimentsAsync(maxResults: 2);
        var second = await Client.SearchExperimentsAsync(maxResults: 2, pageToken: first.NextPageToken);
        var byName = await Client.SearchExperimentsAsync("name = 'b'");

        Assert.Equal(["Default", "a"], first.Items.Select(e => e.Name));
        Assert.Equal(["b", "c"], second.Items.Select(e => e.Name));
        Assert.Equal("b", Assert.Single(byName.Items).Name);
        Assert.Null(byName.NextPageToken);
    }
}
