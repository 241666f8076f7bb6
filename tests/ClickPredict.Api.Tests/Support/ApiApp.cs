using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClickPredict.Api.Tests.Support;

/// <summary>The API in memory over a <see cref="ServedLake"/> (or any lake and registry), configured the way an operator would, through settings.</summary>
public sealed class ApiApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly Dictionary<string, string?> settings;

    internal ApiApp(ServedLake lake, Dictionary<string, string?>? overrides = null)
        : this(lake.Registry.Root, lake.Features.Lake.Root, lake.PredictionLog, overrides)
    {
    }

    internal ApiApp(string modelsFolder, string lakeFolder, string predictionLog, Dictionary<string, string?>? overrides = null)
    {
        settings = new Dictionary<string, string?>
        {
            ["Serving:ModelsFolder"] = modelsFolder,
            ["Serving:LakeFolder"] = lakeFolder,
            ["Serving:EnginesPerModel"] = "4",
            ["Admin:ApiKey"] = AdminKey,
            ["PredictionLog:Folder"] = predictionLog,
            ["PredictionLog:MaxFileAge"] = "00:00:02",
            // Each app its own live event log unless a test shares one: posted events never reach the shared lake.
            ["Serving:LiveFolder"] = Path.Combine(predictionLog, "live-" + Guid.NewGuid().ToString("N")),
            ["Limits:MaxEventsPerSession"] = "50",
            ["Limits:MaxSessionsPerBatch"] = "10",
            ["Limits:MaxBodyBytes"] = "65536",
            // Off unless a test turns it on: a drift report in the shared lake would change what the dashboard tests see.
            ["Drift:Interval"] = "00:00:00",
            // In memory there is no socket to warm up over; Listen() turns it on for a real port.
            ["Serving:WarmUp"] = "false",
            // Off unless a test turns it on or flushes itself: live events must not reach the shared lake's bronze.
            ["Live:FlushEvery"] = "00:00:00",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
    }

    /// <summary>
    /// Starts the app on a real Kestrel port (any free one) and returns its address, for a browser or a raw
    /// socket, once its warm-up is over (as an operator waits for /health/ready).
    /// </summary>
    internal string Listen()
    {
        settings["Serving:WarmUp"] = "true";
        UseKestrel(0);
        StartServer();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Service<ClickPredict.Api.Serving.ServingWarmup>().Done)
        {
            Assert.True(DateTime.UtcNow < deadline, "the warm-up did not end within 60 s");
            Thread.Sleep(20);
        }

        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    internal T Service<T>()
        where T : notnull => (T)Services.GetService(typeof(T))!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
