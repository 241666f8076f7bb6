using System.Diagnostics;
using System.Globalization;

namespace ClickPredict.Api.Tests.Support;

/// <summary>
/// The API as its own OS process (<c>dotnet ClickPredict.Api.dll</c>, as its project built it) on a
/// free port, configured through environment variables as a container would be; killed on dispose.
/// </summary>
internal sealed class ApiProcess : IDisposable
{
    private static readonly string ApiFolder = AppContext.BaseDirectory.Replace(
        Path.Combine("tests", "ClickPredict.Api.Tests", "bin"), Path.Combine("src", "ClickPredict.Api", "bin"), StringComparison.Ordinal);

    private readonly Process process;

    private ApiProcess(Process process, int port)
    {
        this.process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Address { get; }

    public bool HasExited => process.HasExited;

    /// <summary>Starts the API with <paramref name="environment"/> on top of a served lake's settings and waits until /health/ready says ready.</summary>
    public static async Task<ApiProcess> StartAsync(ServedLake lake, string folder, IReadOnlyDictionary<string, string> environment)
    {
        var port = Ports.Free();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = ApiFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(ApiFolder, "ClickPredict.Api.dll"));
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Serving__ModelsFolder"] = lake.Registry.Root;
        start.Environment["Serving__LakeFolder"] = lake.Features.Lake.Root;
        start.Environment["Serving__LiveFolder"] = Path.Combine(folder, $"live-{port}");
        start.Environment["PredictionLog__Folder"] = Path.Combine(folder, $"predictions-{port}");
        start.Environment["Admin__ApiKey"] = ApiApp.AdminKey;
        start.Environment["Drift__Interval"] = "00:00:00";
        start.Environment["Live__FlushEvery"] = "00:00:00";
        start.Environment["RateLimit__PermitsPerSecond"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var api = new ApiProcess(Process.Start(start)!, port);
        api.process.OutputDataReceived += (_, _) => { };
        api.process.ErrorDataReceived += (_, _) => { };
        api.process.BeginOutputReadLine();
        api.process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = api.Address };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.False(api.process.HasExited, "the API process exited while starting");
            try
            {
                if ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "the API process was not ready within 90 s");
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL, as an OOM kill or a lost node would: no shutdown, no flush.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }
}
