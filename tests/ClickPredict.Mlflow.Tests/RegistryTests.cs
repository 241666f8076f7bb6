using System.Net;
using ClickPredict.Mlflow.Tests.Support;

namespace ClickPredict.Mlflow.Tests;

public sealed class RegistryTests : StandInTest
{
    private async Task<Run> RunAsync()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        return await Client.CreateRunAsync(experimentId);
    }

    [Fact]
    public async Task Create_and_get_a_registered_model()
    {
        await Client.CreateRegisteredModelAsync("buyer", "session purchase model");
        var model = await Client.GetRegisteredModelAsync("buyer");

        Assert.Equal("session purchase model", model?.Description);
        Assert.Null(await Client.GetRegisteredModelAsync("nobody"));
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.CreateRegisteredModelAsync("buyer"));
        Assert.True(ex.IsAlreadyExists);
    }

    [Fact]
    public async Task Versions_number_up_and_are_found_by_run()
    {
        var first = await RunAsync();
        var second = await RunAsync();
        await Client.CreateRegisteredModelAsync("buyer");

        var v1 = await Client.CreateModelVersionAsync("buyer", first.Info.ArtifactUri + "/model", first.Info.RunId);
        var v2 = await Client.CreateModelVersionAsync("buyer", second.Info.ArtifactUri + "/model", second.Info.RunId, "second");
        var read = await Client.GetModelVersionAsync("buyer", "2");
        var bySecondRun = await Client.SearchModelVersionsAsync($"name = 'buyer' and run_id = '{second.Info.RunId}'");

        Assert.Equal(("1", "2"), (v1.Version, v2.Version));
        Assert.Equal(second.Info.RunId, read.RunId);
        Assert.Equal("second", read.Description);
        Assert.Equal("READY", read.Status);
        Assert.Equal("2", Assert.Single(bySecondRun.Items).Version);
    }

    [Fact]
    public async Task A_missing_version_is_resource_does_not_exist()
    {
        await Client.CreateRegisteredModelAsync("buyer");
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.GetModelVersionAsync("buyer", "9"));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.True(ex.IsNotFound);
    }

    [Fact]
    public async Task An_alias_is_set_moved_read_and_deleted()
    {
        var run = await RunAsync();
        await Client.CreateRegisteredModelAsync("buyer");
        await Client.CreateModelVersionAsync("buyer", run.Info.ArtifactUri + "/model", run.Info.RunId);
        await Client.CreateModelVersionAsync("buyer", run.Info.ArtifactUri + "/model2", run.Info.RunId);

        await Client.SetAliasAsync("buyer", "champion", "1");
        await Client.SetAliasAsync("buyer", "champion", "2");
        var champion = await Client.GetModelVersionByAliasAsync("buyer", "champion");
        var model = await Client.GetRegisteredModelAsync("buyer");
        await Client.DeleteAliasAsync("buyer", "champion");

        Assert.Equal("2", champion?.Version);
        Assert.Equal(["champion"], champion?.Aliases);
        Assert.Equal(new ModelAlias("champion", "2"), Assert.Single(model!.Aliases));
        Assert.Null(await Client.GetModelVersionByAliasAsync("buyer", "champion"));
    }
}
