using ClickPredict.Mlflow.Wire;

namespace ClickPredict.Mlflow;

public sealed partial class MlflowClient
{
    private const string ArtifactsPrefix = "/api/2.0/mlflow-artifacts/artifacts";

    /// <summary>
    /// Uploads a local file to a run's artifacts through the tracking server's proxy
    /// (<c>PUT /api/2.0/mlflow-artifacts/artifacts/&lt;path&gt;</c>). An existing artifact of that path is replaced.
    /// </summary>
    /// <param name="artifactUri">The run's <see cref="RunInfo.ArtifactUri"/>, <c>mlflow-artifacts:/&lt;exp&gt;/&lt;run&gt;/artifacts</c>.</param>
    /// <param name="localPath">File to send.</param>
    /// <param name="artifactPath">Path under the run's artifacts, for example <c>model/model.zip</c>.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task UploadArtifactAsync(string artifactUri, string localPath, string artifactPath, CancellationToken ct = default)
    {
        var path = ArtifactsPrefix + "/" + ArtifactPath(artifactUri, artifactPath);
        if (!File.Exists(localPath))
            throw new MlflowException($"Not sent to MLflow: artifact file '{localPath}' does not exist.");
        await SendAsync(HttpMethod.Put, path, () => new StreamContent(File.OpenRead(localPath)), ct);
    }

    /// <summary>Uploads bytes as one artifact of a run (see <see cref="UploadArtifactAsync(string, string, string, CancellationToken)"/>).</summary>
    public async Task UploadArtifactAsync(string artifactUri, byte[] content, string artifactPath, CancellationToken ct = default)
    {
        var path = ArtifactsPrefix + "/" + ArtifactPath(artifactUri, artifactPath);
        await SendAsync(HttpMethod.Put, path, () => new ByteArrayContent(content), ct);
    }

    /// <summary>
    /// The files and folders directly under a folder of a run's artifacts
    /// (<c>GET /api/2.0/mlflow-artifacts/artifacts?path=</c>); names are relative to that folder.
    /// </summary>
    /// <param name="artifactUri">The run's <see cref="RunInfo.ArtifactUri"/>.</param>
    /// <param name="folder">Folder under the run's artifacts; the root by default.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string artifactUri, string? folder = null, CancellationToken ct = default)
    {
        var path = folder is null ? ArtifactRoot(artifactUri) : ArtifactPath(artifactUri, folder);
        var response = await SendJsonAsync(HttpMethod.Get, ArtifactsPrefix + Query(("path", Uri.UnescapeDataString(path))), null,
            MlflowJson.Default.ListArtifactsResponse, ct);
        return response.Files ?? [];
    }

    /// <summary>Downloads one artifact of a run (<c>GET /api/2.0/mlflow-artifacts/artifacts/&lt;path&gt;</c>).</summary>
    public Task<byte[]> DownloadArtifactAsync(string artifactUri, string artifactPath, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, ArtifactsPrefix + "/" + ArtifactPath(artifactUri, artifactPath), null, ct);

    /// <summary>The proxy path of an artifact root: <c>mlflow-artifacts:/1/abc/artifacts</c> → <c>1/abc/artifacts</c> (escaped).</summary>
    internal static string ArtifactRoot(string artifactUri)
    {
        if (!artifactUri.StartsWith("mlflow-artifacts:", StringComparison.Ordinal)
            || !Uri.TryCreate(artifactUri, UriKind.Absolute, out var uri))
            throw new MlflowException(
                $"Artifact location '{artifactUri}' is not served by the tracking server: ClickPredict uploads through the mlflow-artifacts proxy, so start `mlflow server` with artifact serving on (the default since MLflow 2.0) and a new experiment.");
        return uri.AbsolutePath.Trim('/');
    }

    private static string ArtifactPath(string artifactUri, string artifactPath)
    {
        var segments = artifactPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s is "." or ".." || s.Contains('\\', StringComparison.Ordinal)))
            throw new MlflowException($"Not sent to MLflow: '{artifactPath}' is not a relative artifact path.");
        return ArtifactRoot(artifactUri) + "/" + string.Join('/', segments.Select(Uri.EscapeDataString));
    }
}
