using ClickPredict.Mlflow.Tests.Support;

namespace ClickPredict.Mlflow.Tests;

public sealed class ArtifactTests : StandInTest
{
    [Fact]
    public async Task Uploaded_files_list_by_folder_and_download_byte_for_byte()
    {
        using var temp = new TempFolder();
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        var run = await Client.CreateRunAsync(experimentId);
        var uri = run.Info.ArtifactUri!;

        await Client.UploadArtifactAsync(uri, temp.File("model.zip", "zip-bytes"), "model/model.zip");
        await Client.UploadArtifactAsync(uri, temp.File("model.json", "{\"v\":1}"), "model/model.json");
        await Client.UploadArtifactAsync(uri, "report"u8.ToArray(), "report.md");

        var root = await Client.ListArtifactsAsync(uri);
        var model = await Client.ListArtifactsAsync(uri, "model");

        Assert.Equal([new ArtifactFile("model", true, null), new ArtifactFile("report.md", false, 6)], root);
        Assert.Equal(["model.json", "model.zip"], model.Select(f => f.Path));
        Assert.Equal(9, model.Single(f => f.Path == "model.zip").FileSize);
        Assert.Equal("zip-bytes"u8.ToArray(), await Client.DownloadArtifactAsync(uri, "model/model.zip"));
        Assert.Equal($"/api/2.0/mlflow-artifacts/artifacts/{experimentId}/{run.Info.RunId}/artifacts/model/model.zip",
            Server.Requests.First(r => r.Method == "PUT").Path);
    }

    [Fact]
    public async Task An_upload_is_retried_with_the_whole_file()
    {
        using var temp = new TempFolder();
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        var run = await Client.CreateRunAsync(experimentId);
        Server.InjectFault(StandIn.Fault.Unavailable, count: 1);

        await Client.UploadArtifactAsync(run.Info.ArtifactUri!, temp.File("plot.svg", "<svg/>"), "plots/pr.svg");

        Assert.Equal(2, Server.CountRequests("PUT", "plots/pr.svg"));
        Assert.Equal("<svg/>"u8.ToArray(), await Client.DownloadArtifactAsync(run.Info.ArtifactUri!, "plots/pr.svg"));
    }

    [Fact]
    public async Task An_empty_folder_lists_as_nothing()
    {
        var experimentId = await Client.GetOrCreateExperimentAsync("clicks");
        var run = await Client.CreateRunAsync(experimentId);
        Assert.Empty(await Client.ListArtifactsAsync(run.Info.ArtifactUri!));
    }

    [Theory]
    [InlineData("s3://bucket/1/abc/artifacts")]
    [InlineData("/var/mlruns/1/abc/artifacts")]
    [InlineData("file:///var/mlruns/1/abc/artifacts")]
    public async Task An_artifact_store_outside_the_proxy_is_refused_with_a_reason(string artifactUri)
    {
        var ex = await Assert.ThrowsAsync<MlflowException>(() => Client.UploadArtifactAsync(artifactUri, "x"u8.ToArray(), "a.txt"));
        Assert.Contains("mlflow-artifacts proxy", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void The_proxy_path_comes_from_either_form_of_the_artifact_uri()
    {
        Assert.Equal("1/abc/artifacts", MlflowClient.ArtifactRoot("mlflow-artifacts:/1/abc/artifacts"));
        Assert.Equal("1/abc/artifacts", MlflowClient.ArtifactRoot("mlflow-artifacts://tracking:5000/1/abc/artifacts"));
    }

    [Fact]
    public async Task A_path_escaping_the_run_is_refused()
    {
        await Assert.ThrowsAsync<MlflowException>(() => Client.UploadArtifactAsync("mlflow-artifacts:/1/abc/artifacts", "x"u8.ToArray(), "../other/a.txt"));
        Assert.Empty(Server.Requests);
    }
}
